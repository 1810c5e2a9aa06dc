"""Vietnamese patterns and gazetteers: document types, dates, agencies; data files live in data/. Importing the package
serves `regex` compilations from a disk cache of compiled programs (compiled.py)."""
from .compiled import install

install()
