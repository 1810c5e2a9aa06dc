"""Vietnamese patterns and gazetteers: document types, dates, agencies; data files live in data/."""
