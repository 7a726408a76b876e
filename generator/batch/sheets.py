"""Reading a staff spreadsheet as a stream of answers mappings, one per row.

Delimited text (``.csv``, ``.tsv``, ``.txt``) in the encodings people have — UTF-8 with or
without BOM, UTF-16/32 with BOM (Excel's "Unicode text"), Windows-1252 (Italian Excel's plain
CSV) — with ``,`` ``;`` tab or ``|``, read a row at a time. Workbooks (``.xlsx``, ``.xls``,
``.ods``) through python-calamine, bounded in size before they are opened. Row numbers are the
spreadsheet's own (the header is row 1), multi-line cells included.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from generator.base.assets import load_data
from generator.base.errors import InvalidInput, Msg, msg
from generator.base.i18n import N_

TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
WORKBOOK_SUFFIXES = (".xlsx", ".xls", ".ods")
#: Bytes looked at to tell the encoding and the delimiter.
SAMPLE = 64 * 1024
#: A workbook's parts, uncompressed, at most (a 100,000-row staff sheet unpacks to about
#: 60 MB): a small file that unpacks to gigabytes is refused before it is read.
MAX_UNPACKED = 256 * 1024 * 1024
MAX_XLS = 64 * 1024 * 1024
#: A cell longer than this is no answer (grounds are at most 6,000 characters): a list cell
#: (links, categories) is split only this far. A text cell is kept whole, so that validation
#: says its true length (it is in memory already).
MAX_CELL = 20_000


def normalise_header(text: str) -> str:
    return re.sub(r"[\s\-]+", "_", str(text).strip().lower())


@cache
def _aliases() -> dict[str, str]:
    """Every header that means a field (from the schema), normalised → the field's path."""
    from generator.answers.schema import answers_fields

    table: dict[str, str] = {}
    for f in answers_fields():
        if f.spec.sheet:
            for name in (f.path, *f.headers):
                table.setdefault(normalise_header(name), f.path)
    return table


@cache
def _kinds() -> dict[str, str]:
    from generator.answers.schema import answers_fields

    return {f.path: f.kind for f in answers_fields()}


def headers_for(path: str) -> tuple[str, ...]:
    """The headers a column for the field ``path`` may have."""
    from generator.answers.schema import field

    return field(path).headers


@dataclass(frozen=True)
class Sheet:
    path: Path
    #: For each column index, the answers field it fills (None: a column we do not use).
    fields: tuple[str | None, ...]
    #: The headers as the sheet writes them, by column index.
    headers: tuple[str, ...]
    #: Headers of columns that fill no field.
    unknown: tuple[str, ...]
    #: How the text was decoded (None for a workbook), and what to tell the user about it.
    encoding: str | None = None
    notices: tuple[Msg, ...] = field(default_factory=tuple)
    #: About how many data rows there are (for a progress bar; the sheet is not read twice).
    rows_hint: int = 0


def _bool(value: str) -> bool | str:
    words = load_data("columns")["booleans"]
    text = value.strip().lower()
    if text in words["true"]:
        return True
    if text in words["false"]:
        return False
    return value  # validation says what is expected


def _cell(value: Any) -> str | None:
    """A cell as the sheet shows it: 12345 not 12345.0, dates as 2026-11-02."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return text if text.strip() else None


def row_mapping(sheet: Sheet, cells: list[Any]) -> dict[str, Any]:
    """The answers mapping of one row: sections as in an answers file, empty cells left out."""
    # Every section is there, so a missing value is named by its field, not by its section.
    mapping: dict[str, Any] = {"person": {}, "objection": {}, "signature": {}}
    for name, raw in zip(sheet.fields, cells, strict=False):
        value = _cell(raw)
        if name is None or value is None:
            continue
        # Text whole: validation names a value that is too long, and its true length.
        converted: Any = value
        kind = _kinds().get(name)
        if kind == "bool":
            converted = _bool(value[: MAX_CELL + 1])
        elif kind == "list" and name != "objection.categories":
            converted = [part for part in re.split(r"[\s;,]+", value[: MAX_CELL + 1]) if part]
        elif kind == "list":
            converted = value[: MAX_CELL + 1]  # each category is named if unknown
        section, _, key = name.rpartition(".")
        (mapping.setdefault(section, {}) if section else mapping)[key] = converted
    return mapping


def _header(path: Path, cells: list[Any]) -> tuple[tuple[str | None, ...], tuple[str, ...]]:
    names = [normalise_header(c) if c is not None else "" for c in cells]
    if not any(names):
        raise InvalidInput(
            N_(
                "%(path)s has no header row: its first row must name the columns (name, "
                "email, postal_address, country, …)."
            ),
            path=path,
        )
    fields = tuple(_aliases().get(n) for n in names)
    if not any(fields):
        raise InvalidInput(
            N_(
                "%(path)s has no column we can use: name the columns like the answers fields "
                "(name, email, postal_address, country, categories, grounds, place) or their "
                "Italian equivalents."
            ),
            path=path,
        )
    return fields, tuple("" if c is None else str(c).strip() for c in cells)


# --- delimited text -----------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def detect_encoding(sample: bytes, *, whole: bool = True) -> str:
    """The encoding of a text file from its first bytes: a BOM, else UTF-8, else a detector's
    guess (charset-normalizer), Windows-1252 for Western European text.

    ``whole`` is false when ``sample`` is only the start of the file: a character cut at its
    end is then no evidence against UTF-8."""
    for bom, name in _BOMS:
        if sample.startswith(bom):
            return name
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if not whole and exc.start >= len(sample) - 3:  # a character cut by the sample's end
            return "utf-8"
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    guess = best.encoding if best else "cp1252"
    # UTF-16/32 without a BOM is the one other thing spreadsheets write; anything else that is
    # not UTF-8 is taken for Windows-1252 (the notice says so; --encoding overrides it).
    wide = guess.startswith(("utf_16", "utf_32")) and b"\x00" in sample  # ASCII as 00 xx
    return guess if wide else "cp1252"


def _delimiter(line: str) -> str:
    try:
        return csv.Sniffer().sniff(line, delimiters=",;\t|").delimiter
    except csv.Error:
        return max(",;\t|", key=line.count)


def _rows_hint(path: Path, sample: bytes, text: str, delimiter: str) -> int:
    """About how many data rows the sheet has, from its first bytes (``sample``, as ``text``):
    exact when the sample is the whole sheet. Records are counted as CSV reads them, so an
    address of several lines in one cell is one row, and blank lines none."""
    whole = len(sample) < SAMPLE
    complete = text if whole else text[: text.rfind("\n") + 1]  # the last record may be cut
    records = 0
    try:
        for row in csv.reader(io.StringIO(complete, newline=""), delimiter=delimiter):
            records += any(cell.strip() for cell in row)
    except csv.Error:  # a cell cut in the middle: the records before it still count
        pass
    if whole or not records:
        return max(0, records - 1)  # without the header
    # Records a character of the sample, times its characters a byte, times the sheet's bytes.
    per_byte = records / len(complete) * len(text) / len(sample)
    return max(0, int(path.stat().st_size * per_byte) - 1)


def _text_rows(path: Path, encoding: str | None) -> tuple[Iterator[list[str]], Sheet]:
    with path.open("rb") as fh:
        sample = fh.read(SAMPLE)
    used = encoding or detect_encoding(sample, whole=len(sample) < SAMPLE)
    try:
        codecs.lookup(used)
    except LookupError:
        raise InvalidInput(N_("%(encoding)s is not an encoding we know."), encoding=used) from None
    text_sample = sample.decode(used, errors="replace").lstrip("\ufeff")
    first = text_sample.split("\n", 1)[0]
    delimiter = _delimiter(first)
    hint = _rows_hint(path, sample, text_sample, delimiter)
    notices = (msg("%(path)s is read as %(encoding)s text.", path=path.name, encoding=used),)

    def rows() -> Iterator[list[str]]:
        with path.open("r", encoding=used, newline="") as fh:
            reader = csv.reader(fh, delimiter=delimiter)
            try:
                for row in reader:
                    if reader.line_num == 1 and row:
                        row[0] = row[0].lstrip("\ufeff")
                    yield row
            except UnicodeDecodeError:
                raise InvalidInput(
                    N_(
                        "%(path)s is not %(encoding)s text after line %(line)d: save it again as "
                        '"CSV UTF-8", or give its encoding.'
                    ),
                    code="sheet.encoding",
                    path=path,
                    encoding=used,
                    line=reader.line_num,
                ) from None
            except csv.Error as exc:
                raise InvalidInput(
                    N_("%(path)s is not a valid CSV file (%(reason)s)."), path=path, reason=str(exc)
                ) from None

    sheet = Sheet(path, (), (), (), used, notices, hint)
    return rows(), sheet


# --- workbooks ----------------------------------------------------------------------------


def _check_workbook_size(path: Path) -> None:
    """Refuse a workbook that unpacks to far more than a staff sheet could be."""
    too_big = InvalidInput(
        N_(
            "%(path)s unpacks to more than a staff sheet can be: open it in your spreadsheet "
            "program, keep the staff rows, and save it again."
        ),
        path=path,
    )
    if path.suffix.lower() == ".xls":
        if path.stat().st_size > MAX_XLS:
            raise too_big
        return
    try:
        with zipfile.ZipFile(path) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED:
                raise too_big
    except zipfile.BadZipFile:
        raise _unreadable(path) from None


def _unreadable(path: Path) -> InvalidInput:
    return InvalidInput(
        N_(
            "%(path)s is not a readable %(kind)s workbook: save it again from your spreadsheet "
            "program."
        ),
        path=path,
        kind=path.suffix.lower().lstrip("."),
    )


def _workbook_rows(path: Path, sheet_name: str | None) -> tuple[Iterator[list[Any]], Sheet]:
    from python_calamine import CalamineError, CalamineWorkbook

    _check_workbook_size(path)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError):
        raise _unreadable(path) from None
    names = workbook.sheet_names
    chosen = sheet_name or names[0]
    if chosen not in names and chosen.isdigit() and 1 <= int(chosen) <= len(names):
        chosen = names[int(chosen) - 1]
    if chosen not in names:
        raise InvalidInput(
            N_("%(path)s has no sheet %(sheet)s: its sheets are %(names)s."),
            path=path,
            sheet=sheet_name,
            names=", ".join(names),
        )
    try:
        data = workbook.get_sheet_by_name(chosen)
    except (CalamineError, ValueError):
        raise _unreadable(path) from None
    sheet = Sheet(path, (), (), (), None, (), max(0, data.height - 1))
    return data.iter_rows(), sheet


def open_sheet(
    path: Path, *, encoding: str | None = None, sheet: str | None = None
) -> tuple[Sheet, Iterator[tuple[int, dict[str, Any]]]]:
    """The sheet's columns, and its data rows as (row number, answers mapping), streamed."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise InvalidInput(N_("%(path)s does not exist."), path=path)
    if suffix in TEXT_SUFFIXES:
        rows, shape = _text_rows(path, encoding)
    elif suffix in WORKBOOK_SUFFIXES:
        rows, shape = _workbook_rows(path, sheet)
    else:
        raise InvalidInput(
            N_("%(path)s is not a sheet we read: use .csv, .tsv, .txt, .xlsx, .xls or .ods."),
            path=path,
        )
    try:
        header = next(rows)
    except StopIteration:
        raise InvalidInput(N_("%(path)s is empty."), path=path) from None
    fields, headers = _header(path, list(header))
    unknown = tuple(h for h, f in zip(headers, fields, strict=True) if f is None and h)
    found = Sheet(path, fields, headers, unknown, shape.encoding, shape.notices, shape.rows_hint)

    def data() -> Iterator[tuple[int, dict[str, Any]]]:
        for number, cells in enumerate(rows, start=2):
            if not any(_cell(c) for c in cells):
                continue  # blank lines between blocks of staff are common
            yield number, row_mapping(found, list(cells))

    return found, data()


def missing_columns(sheet: Sheet, defaults: dict[str, Any] | None) -> list[str]:
    """The required fields that neither a column nor ``defaults`` gives."""
    from generator.answers.schema import answers_fields

    given = set(filter(None, sheet.fields))
    missing = []
    for f in answers_fields():
        default = (defaults or {}).get(f.section, {}) if f.section else defaults or {}
        if f.required and f.spec.sheet and f.path not in given and f.key not in default:
            missing.append(f.path)
    return missing


def check_columns(sheet: Sheet, defaults: dict[str, Any] | None) -> None:
    """One sentence before any work when a required column is missing."""
    missing = missing_columns(sheet, defaults)
    if missing:
        raise InvalidInput(
            N_(
                "%(path)s has no column for %(fields)s: add one (it may be called %(names)s), or "
                "give the value for everyone in a defaults file."
            ),
            code="sheet.missing_column",
            path=sheet.path,
            fields=", ".join(missing),
            names="; ".join(", ".join(headers_for(m)) for m in missing),
        )
