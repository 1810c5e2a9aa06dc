"""Targets (chỉ tiêu): placeholder until the target stage lands."""
from __future__ import annotations


def extract_targets(t, doc):
    return []
