"""Tables written as text: tab- or pipe-separated rows, header (and sub-header) recognised, repeated headers dropped, broken rows merged, group rows kept as context."""
from __future__ import annotations

import regex

from ..lines import Line, fold_ws, split_lines
from ..model import Table, TableRow
from ..patterns.fold import match_key

HEADER_WORDS = regex.compile(
    r"^(?:stt|tt|số\s+tt|nội\s+dung|nhiệm\s+vụ|tên\s+nhiệm\s+vụ|chỉ\s+tiêu|tên\s+chỉ\s+tiêu|đơn\s+vị(?:\s+tính)?|đvt|"
    r"thời\s+gian|thời\s+hạn|tiến\s+độ|cơ\s+quan\s+chủ\s+trì|cơ\s+quan\s+phối\s+hợp|chủ\s+trì|phối\s+hợp|"
    r"ghi\s+chú|kết\s+quả|sản\s+phẩm|dự\s+kiến\s+sản\s+phẩm|kế\s+hoạch|mục\s+tiêu|năm\s+\d{4}|\d{4}|"
    r"(?:chỉ\s+tiêu|kế\s+hoạch|mục\s+tiêu)\b.*\b\d{4}|tên\b.*|số\b.*|tổng\b.*)$",
    regex.I | regex.V1,
)
GROUP_MARK = regex.compile(r"^\s*(?:[IVXLC]+|[A-Z])[.)]\s+\S|^\s*(?:PHẦN|Phần)\s", regex.V1)
PIPE_SEPARATOR = regex.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")


def _cells(line: Line) -> tuple[list[str], list[tuple[int, int]]] | None:
    text = line.text
    if "\t" in text:
        sep = "\t"
    elif text.count("|") >= 2 and not PIPE_SEPARATOR.match(text):
        sep = "|"
    else:
        return None
    cells, spans, pos = [], [], 0
    parts = text.split(sep)
    if sep == "|":
        if parts and not parts[0].strip():
            pos += len(parts[0]) + 1
            parts = parts[1:]
        if parts and not parts[-1].strip():
            parts = parts[:-1]
    for p in parts:
        lead = len(p) - len(p.lstrip())
        cells.append(fold_ws(p))
        spans.append((line.start + pos + lead, line.start + pos + len(p.rstrip())))
        pos += len(p) + 1
    while cells and not cells[-1] and len(cells) > 1:
        cells.pop()
        spans.pop()
    return cells, spans


def _is_header(cells: list[str], following: list[list[str]]) -> bool:
    filled = [c for c in cells if c]
    if len(filled) < 2:
        return False
    hits = sum(1 for c in filled if HEADER_WORDS.match(c))
    if hits >= max(2, len(filled) // 2):
        return True
    no_digits = not any(regex.search(r"\d", c) for c in filled)
    return no_digits and any(any(regex.search(r"\d", c) for c in row[1:]) for row in following[:3])


def _combine_header(top: list[str], sub: list[str]) -> list[str]:
    width = max(len(top), len(sub))
    top = top + [""] * (width - len(top))
    sub = sub + [""] * (width - len(sub))
    out, parent = [], ""
    for t, s in zip(top, sub):
        if t:
            parent = t
        head = t or (parent if s else "")
        out.append(f"{head} / {s}" if head and s else (head or s))
    return out


def _looks_like_subheader(cells: list[str]) -> bool:
    filled = [c for c in cells if c]
    return bool(filled) and not cells[0] and not any(regex.fullmatch(r"[\d.,/%\s-]+", c) for c in filled)


def _repeats_header(cells: list[str], header: list[str]) -> bool:
    """A page's repeated header, even with a column less or a typo: same first cells, header words elsewhere."""
    if not header or not cells or not cells[0] or match_key(cells[0]) != match_key(header[0]):
        return False
    if not HEADER_WORDS.match(cells[0]):
        return False
    filled = [c for c in cells if c]
    known = {match_key(h) for h in header} | {match_key(p) for h in header for p in h.split(" / ")}
    same = sum(1 for c in filled if match_key(c) in known or HEADER_WORDS.match(c))
    return same * 2 >= len(filled)


def find_tables(text: str, start: int = 0, end: int | None = None) -> list[Table]:
    """Every table in text[start:end]."""
    lines = split_lines(text, start, end)
    tables: list[Table] = []
    i = 0
    while i < len(lines):
        got = _cells(lines[i])
        if not got or sum(1 for c in got[0] if c) < 2:
            i += 1
            continue
        block: list[tuple[Line, list[str], list[tuple[int, int]]]] = []
        j = i
        while j < len(lines):
            ln = lines[j]
            if ln.blank or PIPE_SEPARATOR.match(ln.text):
                j += 1
                continue
            got = _cells(ln)
            if not got or not any(got[0]):
                break
            block.append((ln, *got))
            j += 1
        tables.append(_build(block))
        i = j
    return tables


def _build(block) -> Table:
    rows_cells = [cells for _, cells, _ in block]
    header: list[str] = []
    k = 0
    if _is_header(rows_cells[0], rows_cells[1:]):
        header = rows_cells[0]
        k = 1
        if len(rows_cells) > 1 and _looks_like_subheader(rows_cells[1]) and len(block) > 2:
            header = _combine_header(header, rows_cells[1])
            k = 2
    header_keys = {match_key(" ".join(c for c in r if c)) for r in rows_cells[:k]}
    table = Table(header=header, rows=[], start=block[0][0].start, end=block[-1][0].end)
    group = None
    skip_sub = False
    for ln, cells, spans in block[k:]:
        key = match_key(" ".join(c for c in cells if c))
        if key in header_keys or _repeats_header(cells, header):  # the header again after a page break
            skip_sub = k == 2
            continue
        if skip_sub and _looks_like_subheader(cells):
            skip_sub = False
            continue
        skip_sub = False
        filled = [c for c in cells if c]
        if len(filled) == 1 and (GROUP_MARK.match(filled[0]) or cells[0] == filled[0] and len(cells) >= 3) \
                and not regex.fullmatch(r"[\d.]+", filled[0]):
            group = filled[0]
            table.groups.append(group)
            continue
        if not cells[0] and table.rows:  # the rest of the row above, cut by a page break
            prev = table.rows[-1]
            for n, c in enumerate(cells):
                if not c:
                    continue
                if n < len(prev.cells):
                    prev.cells[n] = (prev.cells[n] + " " + c).strip()
                else:
                    prev.cells.append(c)
                    prev.cell_spans.append(spans[n])
            prev.end = ln.end
            continue
        table.rows.append(TableRow(cells=list(cells), start=ln.start, end=ln.end, group=group, cell_spans=list(spans)))
    table.end = max([table.end] + [r.end for r in table.rows])
    return table


def table_spans(tables: list[Table]) -> list[tuple[int, int]]:
    return [(t.start, t.end) for t in tables]
