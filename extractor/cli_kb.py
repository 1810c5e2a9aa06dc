"""Command line for the knowledge base: build, search, cites, due (registered on the main `extractor` app)."""
from __future__ import annotations

from .cli import app  # noqa: F401
