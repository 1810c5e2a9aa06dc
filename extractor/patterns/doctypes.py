"""Vietnamese document types: names, number codes (`QĐ`, `NQ`) and header forms, loaded from data/doc_types.csv."""
from __future__ import annotations

from functools import lru_cache
from typing import Final

import regex

from .fold import match_key
from .lexicon import longest_first, table


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    by_key: dict[str, str] = {}
    by_code: dict[str, str] = {}
    by_header: dict[str, str] = {}
    for row in table("doc_types.csv"):
        name = row["name"]
        by_key[match_key(name)] = name
        for code in filter(None, row["codes"].split("|")):
            by_code.setdefault(match_key(code), name)
        for form in filter(None, row["header_forms"].split("|")):
            by_header[match_key(form)] = name
    return by_key, by_code, by_header


def type_name(words: str) -> str | None:
    """`NGHỊ QUYẾT`, `nghị quyết`, `Nghị Quyết` → `Nghị quyết`."""
    return _table()[0].get(match_key(words))


def type_from_header(line: str) -> str | None:
    """The type of a document's type line (`QUYẾT ĐỊNH`, `KẾ HOẠCH HÀNH ĐỘNG`), or None."""
    return _table()[2].get(match_key(line.strip(" *:#")))


def type_names() -> list[str]:
    """The names of the kinds (`Nghị quyết`, `Bộ luật`), longest first."""
    return longest_first(_table()[0].values())


def header_forms() -> list[str]:
    return longest_first(_table()[2])


def type_from_code(code: str) -> str | None:
    """`QĐ` → `Quyết định`; codes are the letters before the hyphen of a number (`240/QĐ-TTg`)."""
    return _table()[1].get(match_key(code))


def type_of_code(number: str | None) -> str | None:
    """The kind the code after a number's last slash names (`QĐ` in `240/QĐ-TTg`, `TTLT` in `191/2005/TTLT-BQP-BTC`),
    or None (`1250/VPCP-KSTT`, `57-NQ/TW`, `142/2024/QH15`)."""
    last = (number or "").replace(" ", "").split("/")[-1]
    return type_from_code(last.split("-", 1)[0]) if "/" in (number or "") and "-" in last else None


def type_from_number(number: str | None) -> str | None:
    """The type a document number's shape tells: `240/QĐ-TTg` → Quyết định, `57-NQ/TW` → Nghị quyết,
    `142/2024/QH15` → Nghị quyết, `1250/VPCP-KSTT` → Công văn (an agency code, no type code)."""
    if not number:
        return None
    parts = number.replace(" ", "").split("/")
    if len(parts) >= 2 and parts[-1].upper().startswith("QH") and parts[-1][2:].isdigit():
        return "Nghị quyết"
    if "-" in parts[0] and not parts[0].replace("-", "").isdigit():
        # party style: 57-NQ/TW, 52-CT/TW, 38-CP
        code = parts[0].split("-", 1)[1]
        found = type_from_code(code)
        if found:
            return found
        if code.upper() == "CP":
            return "Nghị quyết"
    if "-" in parts[-1]:
        return type_of_code(number) or "Công văn"
    return None


# Kinds that are legal normative documents whatever their number; other kinds are when their number carries the
# year (`08/2022/QĐ-TTg`, `24/2022/UBTVQH15`: the numbering of văn bản quy phạm pháp luật).
NORMATIVE_TYPES: Final = {
    "Luật", "Bộ luật", "Pháp lệnh", "Nghị định", "Thông tư", "Thông tư liên tịch", "Văn bản hợp nhất"}
_NUMBER_WITH_YEAR: Final = regex.compile(r"^\d+(?:\.\d+)?[a-zđ]?/(?:19|20)\d{2}/\S", regex.I)


def is_normative(doc_type: str | None, number: str | None) -> bool:
    """Whether a document sets rules (văn bản quy phạm pháp luật) rather than assigning work item by item."""
    if doc_type in NORMATIVE_TYPES:
        return True
    return bool(number) and bool(_NUMBER_WITH_YEAR.match(number.replace(" ", "")))   # type: ignore[union-attr]
