"""Tables that a PDF text layer cut into one fragment per line, read column by column (gazette text): rows rebuilt into cells."""
from __future__ import annotations

import regex

from ..lines import Line, fold_ws, split_lines
from ..model import Table, TableRow
from ..patterns.fold import match_key
from .tables import describe

_V = regex.V1
NUMBER_HEAD = regex.compile(r"^(?:STT|TT|Số\s+TT)$", regex.I | _V)
HEADER_WORD = regex.compile(
    r"^(?:tên|nội\s+dung|nhiệm\s+vụ|cơ\s+quan|đơn\s+vị|chủ\s+trì|phối\s+hợp|kết\s+quả|sản\s+phẩm|thời\s+gian|thời\s+hạn|"
    r"tiến\s+độ|hoàn\s+thành|thành|ghi\s+chú|chỉ\s+tiêu|dự\s+kiến|năm|kinh\s+phí|nguồn|thực\s+hiện|cấp\s+trình)",
    regex.I | _V)
ROW_START = regex.compile(r"^(?P<n>\d{1,3})\s*\.?(?:\s+(?P<rest>\S.*))?$", _V)
GROUP_START = regex.compile(r"^(?P<g>[IVXLC]{1,6})\s*\.\s+\S", _V)
AGENCY_HEAD = regex.compile(
    r"^(?:Các\s|Bộ\s|Ủy\s+ban|Uỷ\s+ban|UBND|Sở\s|Văn\s+phòng|Ban\s|Cơ\s+quan|Cơ\s+sở|Thanh\s+tra|Ngân\s+hàng|Bảo\s+hiểm|"
    r"Tổng\s|Cục\s|Hội\s|Viện\s|Tòa|Kiểm\s+toán|Đài|Thông\s+tấn|Chính\s+phủ|Thủ\s+tướng)", _V)
JOINERS = {"của", "và", "với", "về", "cho", "tại", "ở", "theo", "trong", "thuộc", "đến", "từ", "để"}
_TIME_WORDS = {"quý", "tháng", "năm", "ngày", "đến"}
_NAME_HEADS = {"Bộ", "Sở", "Cục", "Ban", "Ủy", "Uỷ", "Văn", "Tổng", "Viện", "Ngân"}   # `Bộ Tài chính, Bộ\nTư pháp`
_STARTS_UPPER = regex.compile(r"^[\"“(]*[\p{Lu}\d]", _V)


def _header_at(lines: list[Line], i: int) -> tuple[list[str], int] | None:
    """Column labels of a fragment header starting at lines[i] (`STT` / `Tên nhiệm vụ` / `Cơ quan` / `chủ trì` …)."""
    if not NUMBER_HEAD.match(lines[i].stripped):
        return None
    labels = [lines[i].stripped]
    j = i + 1
    while j < len(lines) and len(labels) < 12:
        s = lines[j].stripped
        if not s:
            j += 1
            continue
        if len(s) > 40 or ROW_START.match(s) or GROUP_START.match(s) or "\t" in lines[j].text:
            break
        if HEADER_WORD.match(s) and _STARTS_UPPER.match(s):
            labels.append(s)
        elif labels and not _STARTS_UPPER.match(s) and len(s) <= 20 and len(labels[-1]) + len(s) <= 45:
            labels[-1] = labels[-1] + " " + s
        else:
            break
        j += 1
    if len(labels) < 4:
        return None
    return [fold_ws(x) for x in labels], j


def find_fragment_tables(text: str, start: int = 0, end: int | None = None) -> list[Table]:
    lines = split_lines(text, start, end)
    tables: list[Table] = []
    i = 0
    while i < len(lines):
        got = _header_at(lines, i)
        if not got:
            i += 1
            continue
        labels, j = got
        table, i = _read(lines, labels, i, j)
        if table.rows:
            tables.append(table)
    return tables


def _read(lines: list[Line], labels: list[str], header_start: int, j: int) -> tuple[Table, int]:
    key = [match_key(x) for x in labels]
    rows: list[tuple[str, str | None, list[Line]]] = []   # (number, group, lines)
    group: str | None = None
    groups: list[str] = []
    expected = 1
    k = j
    end = len(lines)
    while k < end:
        ln = lines[k]
        s = ln.stripped
        if not s:
            k += 1
            continue
        again = _header_at(lines, k)
        if again:
            if [match_key(x) for x in again[0]] != key:
                break          # another table begins
            k = again[1]       # the header repeated after a page break
            if rows:
                rows[-1][2].append(None)   # what follows continues the open row, column by column
            continue
        m = ROW_START.match(s)
        if m and int(m["n"]) == expected:
            rows.append((m["n"], group, [ln]))
            expected += 1
            k += 1
            continue
        g = GROUP_START.match(s)
        if g and (not rows or len(s) > 25):
            group = s
            k += 1
            while k < end and lines[k].stripped and not _STARTS_UPPER.match(lines[k].stripped):
                group += " " + lines[k].stripped
                k += 1
            group = fold_ws(group)
            groups.append(group)
            continue
        if not rows:
            break
        if "\t" in ln.text or len(s) > 100:
            break
        rows[-1][2].append(ln)
        k += 1
    table = describe(Table(header=labels, rows=[], start=lines[header_start].start,
                           end=lines[k - 1].end if k > 0 else 0, groups=groups))
    width = _name_width([ln for _, _, ls in rows for ln in ls if ln is not None])
    for number, grp, ls in rows:
        table.rows.append(_row(labels, number, grp, ls, width))
    return table, k


def _name_width(lines: list[Line]) -> float:
    lengths = sorted(len(ln.stripped) for ln in lines if 0 < len(ln.stripped) <= 70)
    if not lengths:
        return 30
    return lengths[int(len(lengths) * 0.85)] * 0.6


def _frags(ls: list[Line]) -> list[tuple[str, int, int]]:
    out = []
    for ln in ls:
        s = ln.stripped
        if s:
            off = ln.start + ln.text.index(s)
            out.append((s, off, off + len(s)))
    return out


def _take_name(frags: list, width: float, name: list) -> int:
    """How many fragments continue the name: wrapped full-width lines, up to the short line ending the paragraph."""
    n = 0
    while n < len(frags):
        s = frags[n][0]
        if name:
            prev = name[-1][0]
            if len(prev) < width and not (s[:1] in "-+•" and len(s) >= width):
                break   # a short line ends the paragraph, unless a new `- …` point of the same cell follows
            if len(s) <= 20 and AGENCY_HEAD.match(s) and (prev.split() or [""])[-1].lower() not in JOINERS:
                break   # a narrow column begins: `Bộ Y tế`, `Ủy ban nhân`
        name.append(frags[n])
        n += 1
    return n


_AGENCY_WORDS = regex.compile(r"^(?:cơ\s+quan|quan|tổ\s+chức|chức|đơn\s+vị|vị|liên\s+quan|ngành|bộ|địa\s+phương|cấp|các|"
                              r"có\s+liên|cơ\s+sở|sở|ủy\s+ban|ban|nhân\s+dân)\b", regex.I)


def _row(labels: list[str], number: str, group: str | None, ls: list, width: float) -> TableRow:
    segments: list[list[Line]] = [[]]
    for ln in ls:
        if ln is None:
            segments.append([])
        else:
            segments[-1].append(ln)
    ls = segments[0]
    first = ROW_START.match(ls[0].stripped)
    frags: list[tuple[str, int, int]] = []
    if first and first["rest"]:
        rest = first["rest"]
        off = ls[0].start + ls[0].text.index(rest)
        frags.append((rest.strip(), off, off + len(rest.rstrip())))
    frags += _frags(ls[1:])
    name: list = []
    n = _take_name(frags, width, name)
    columns = len(labels) - 2
    cells = _assign(labels[2:], _group(frags[n:]))
    for seg in segments[1:]:
        # the row goes on after a page break: first the rest of the name, then the rest of other cells
        more = _frags(seg)
        cont: list = []
        if name and more and not _STARTS_UPPER.match(more[0][0]) and len(name[-1][0]) >= width:
            n = _take_name(more, width, cont)
            name.extend(cont)
            more = more[n:]
        for piece in _group(more):
            _continue(labels[2:], cells, piece)
    ls = [ln for seg in segments for ln in seg]
    spans = [(ls[0].start, ls[0].start + len(number))]
    spans.append((name[0][1], name[-1][2]) if name else (ls[0].start, ls[0].start))
    for c in cells:
        spans.append((c[0][1], c[-1][2]) if c else (spans[-1][1], spans[-1][1]))
    texts = [number + ".", fold_ws(" ".join(f[0] for f in name))] + [fold_ws(" ".join(f[0] for f in c)) for c in cells]
    texts += [""] * (columns + 2 - len(texts))
    return TableRow(cells=texts, start=ls[0].start, end=ls[-1].end, group=group, cell_spans=spans)


def _group(frags: list[tuple[str, int, int]]) -> list[list[tuple[str, int, int]]]:
    """Fragments into cells: a new cell begins with a capital after a fragment that does not run on."""
    out: list[list] = []
    for f in frags:
        s = f[0]
        if out:
            prev = out[-1][-1][0]
            last = prev.split()[-1] if prev.split() else ""
            runs_on = prev.endswith((",", "-", "/", "–")) or last.lower() in JOINERS or last.lower() in _TIME_WORDS \
                or last in _NAME_HEADS
            if not _STARTS_UPPER.match(s) or runs_on:
                out[-1].append(f)
                continue
        out.append([f])
    return out


def _continue(labels: list[str], cells: list[list], piece: list) -> None:
    """Append a cell's words cut off by a page break to the column they continue."""
    text = piece[0][0]
    lead_col = next((i for i, x in enumerate(labels) if _LEAD_LABEL.search(x)), None)
    coord_col = next((i for i, x in enumerate(labels) if _COORD_LABEL.search(x)), None)
    time_col = next((i for i, x in enumerate(labels) if _TIME_LABEL.search(x)), None)
    rest = [i for i in range(len(labels)) if i not in (lead_col, coord_col, time_col)]
    if not _STARTS_UPPER.match(text) and _AGENCY_WORDS.match(text):
        target = coord_col if coord_col is not None and cells[coord_col] else lead_col
    elif _STARTS_UPPER.match(text) and time_col is not None and not cells[time_col]:
        target = time_col
    else:
        target = rest[0] if rest else len(labels) - 1
    if target is None:
        target = len(labels) - 1
    cells[target].extend(piece)


_STATUS = regex.compile(r"^(?:Đã|Đang)\s+(?:hoàn\s+thành|triển\s+khai|thực\s+hiện)\.?$", regex.V1)


def _is_time(text: str) -> bool:
    """A whole cell that is a time (`Quý I/2027`, `Thường xuyên`, `Từ tháng 5/2026, thường xuyên`) or a status."""
    from ..deadlines import find_time_expressions

    text = text.strip(" .")
    if _STATUS.match(text):
        return True
    found = find_time_expressions(text)
    return bool(found) and found[0].start <= 3 and found[-1].end >= len(text) - 2


def _split_time(cell: list[tuple[str, int, int]]) -> tuple[list, list] | None:
    """`văn bản phối hợp Thường xuyên`: a time at the end of the last cell is a cell of its own."""
    flat = []   # (word, start, end) over the fragments
    for s, a, _ in cell:
        for m in regex.finditer(r"\S+", s):
            flat.append((m.group(), a + m.start(), a + m.end()))
    for k, (w, a, _) in enumerate(flat):
        if not _STARTS_UPPER.match(w):
            continue
        suffix = " ".join(x[0] for x in flat[k:])
        if _is_time(suffix):
            before = _rebuild(flat[:k])
            after = _rebuild(flat[k:])
            return before, after
    return None


def _rebuild(words: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    return [(" ".join(w for w, _, _ in words), words[0][1], words[-1][2])] if words else []


_TIME_LABEL = regex.compile(r"thời\s+gian|thời\s+hạn|tiến\s+độ|hoàn\s+thành", regex.I)
_LEAD_LABEL = regex.compile(r"chủ\s+trì|thực\s+hiện", regex.I)
_COORD_LABEL = regex.compile(r"phối\s+hợp", regex.I)


def _assign(labels: list[str], cells: list[list]) -> list[list]:
    """Put the cells of a row under its columns: time last, then agencies in order, the rest in between."""
    out: list[list] = [[] for _ in labels]
    cells = list(cells)
    time_col = next((i for i, x in enumerate(labels) if _TIME_LABEL.search(x)), None)
    if time_col is not None and cells:
        split = _split_time(cells[-1])
        if split is not None:
            before, after = split
            cells = cells[:-1] + ([before] if before else [])
            out[time_col] = after
    order = [i for i in range(len(labels)) if i != time_col]
    lead_col = next((i for i in order if _LEAD_LABEL.search(labels[i])), None)
    coord_col = next((i for i in order if _COORD_LABEL.search(labels[i])), None)
    rest_cols = [i for i in order if i not in (lead_col, coord_col)]
    if lead_col is not None and cells:
        out[lead_col] = cells.pop(0)
    if coord_col is not None and cells and _agency_like(cells[0]):
        out[coord_col] = cells.pop(0)
    for col in rest_cols:
        if cells:
            out[col] = cells.pop(0)
    if cells:  # more pieces than columns: the extra words belong to the last filled column
        target = rest_cols[-1] if rest_cols else (coord_col if coord_col is not None else lead_col)
        for c in cells:
            out[target].extend(c)
    return out


def _agency_like(cell: list) -> bool:
    from ..agencies import split_agency_list

    return bool(split_agency_list(" ".join(f[0] for f in cell)))
