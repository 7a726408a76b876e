"""Reading a staff spreadsheet (CSV or XLSX) as a stream of answers mappings, one per row.

Rows are read one at a time: a 100,000-row sheet needs no more memory than a 1,000-row one.
Row numbers are the spreadsheet's own (the header is row 1), multi-line cells included.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from generator.errors import InvalidInput
from generator.i18n import N_
from generator.resources import load_data


def normalise_header(text: str) -> str:
    return re.sub(r"[\s\-]+", "_", str(text).strip().lower())


@cache
def _aliases() -> dict[str, str]:
    """Every header that means a field (from the schema), normalised → the field's path."""
    from generator.schema import answers_fields

    table: dict[str, str] = {}
    for f in answers_fields():
        if f.spec.sheet:
            for name in (f.path, *f.headers):
                table.setdefault(normalise_header(name), f.path)
    return table


@cache
def _kinds() -> dict[str, str]:
    from generator.schema import answers_fields

    return {f.path: f.kind for f in answers_fields()}


@dataclass(frozen=True)
class Sheet:
    path: Path
    #: For each column index, the answers field it fills (None: a column we do not use).
    fields: tuple[str | None, ...]
    #: The headers as the sheet writes them, by column index.
    headers: tuple[str, ...]
    unknown: tuple[str, ...]


def _bool(value: str) -> bool | str:
    words = load_data("columns")["booleans"]
    text = value.strip().lower()
    if text in words["true"]:
        return True
    if text in words["false"]:
        return False
    return value  # validation says what is expected


def _cell(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return text if text.strip() else None


def row_mapping(sheet: Sheet, cells: list[Any]) -> dict[str, Any]:
    """The answers mapping of one row: sections as in an answers file, empty cells left out."""
    # Every section is there, so a missing value is named by its field, not by its section.
    mapping: dict[str, Any] = {"person": {}, "objection": {}, "signature": {}}
    for field, raw in zip(sheet.fields, cells, strict=False):
        value = _cell(raw)
        if field is None or value is None:
            continue
        converted: Any = value
        kind = _kinds().get(field)
        if kind == "bool":
            converted = _bool(value)
        elif kind == "list" and field != "objection.categories":
            converted = [part for part in re.split(r"[\s;,]+", value) if part]
        section, _, key = field.rpartition(".")
        (mapping.setdefault(section, {}) if section else mapping)[key] = converted
    return mapping


def _header(path: Path, cells: list[Any]) -> Sheet:
    names = [normalise_header(c) if c is not None else "" for c in cells]
    if not any(names):
        raise InvalidInput(
            N_(
                "%(path)s has no header row: its first row must name the "
                "columns (name, email, postal_address, country, …)."
            ),
            path=path,
        )
    fields = tuple(_aliases().get(n) for n in names)
    if not any(fields):
        raise InvalidInput(
            N_(
                "%(path)s has no column we can use: name the columns like the "
                "answers fields (name, email, postal_address, country, "
                "categories, grounds, place) or their Italian equivalents."
            ),
            path=path,
        )
    unknown = tuple(c for c, f in zip(cells, fields, strict=True) if f is None and c)
    headers = tuple("" if c is None else str(c).strip() for c in cells)
    return Sheet(path, fields, headers, tuple(str(u) for u in unknown))


def _csv_rows(path: Path) -> Iterator[list[str]]:
    with path.open("r", encoding="utf-8-sig", newline="") as fh:
        first = fh.readline()
        # Excel in Italy writes ";"; elsewhere ",". The header line decides.
        delimiter = ";" if first.count(";") > first.count(",") else ","
        fh.seek(0)
        if fh.read(1) != "\ufeff":
            fh.seek(0)
        try:
            yield from csv.reader(fh, delimiter=delimiter)
        except UnicodeDecodeError:
            raise InvalidInput(
                N_('%(path)s is not UTF-8 text: save it as "CSV UTF-8".'), path=path
            ) from None
        except csv.Error as exc:
            raise InvalidInput(
                N_("%(path)s is not a valid CSV file (%(reason)s)."), path=path, reason=exc
            ) from None


def _xlsx_rows(path: Path) -> Iterator[list[Any]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise InvalidInput(
            N_(
                "%(path)s is not a readable XLSX workbook: save it again from "
                "your spreadsheet program as .xlsx."
            ),
            path=path,
        ) from None
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield list(row)
    finally:
        workbook.close()


def open_sheet(path: Path) -> tuple[Sheet, Iterator[tuple[int, dict[str, Any]]]]:
    """The sheet's columns, and its data rows as (row number, answers mapping), streamed."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise InvalidInput(N_("%(path)s does not exist."), path=path)
    if suffix == ".csv":
        rows = _csv_rows(path)
    elif suffix == ".xlsx":
        rows = _xlsx_rows(path)
    else:
        raise InvalidInput(N_("%(path)s is neither a .csv nor an .xlsx file."), path=path)
    try:
        header = next(rows)
    except StopIteration:
        raise InvalidInput(N_("%(path)s is empty."), path=path) from None
    sheet = _header(path, list(header))

    def data() -> Iterator[tuple[int, dict[str, Any]]]:
        for number, cells in enumerate(rows, start=2):
            if not any(_cell(c) for c in cells):
                continue  # blank lines between blocks of staff are common
            yield number, row_mapping(sheet, list(cells))

    return sheet, data()


def count_rows(path: Path) -> int:
    """How many non-blank data rows the sheet has (a second streaming pass, for progress)."""
    _sheet, rows = open_sheet(path)
    return sum(1 for _ in rows)
