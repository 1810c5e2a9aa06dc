"""Tasks (nhiệm vụ): placeholder until the task stage lands."""
from __future__ import annotations


def extract_tasks(t, doc):
    return []
