"""Format loaders and structure parsers: bytes to text, text to headings, lists and tables."""
