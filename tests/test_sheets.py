"""Staff sheets as organisations really have them: Excel's CSVs in any encoding, .xls, .ods."""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from click.testing import CliRunner

from conftest import pdf_text
from generator.batch.sheets import detect_encoding, open_sheet
from generator.cli import cli
from test_batch import HEADER_IT, manifest, person

DATA = Path(__file__).parent / "data"


def run(*args: str, locale: str | None = "en") -> object:
    """The batch command; messages in English unless said (the letters follow --locale too)."""
    chosen = ["--locale", locale] if locale else []
    return CliRunner().invoke(cli, [*chosen, "batch", *args], env={"LANG": "en_GB.UTF-8"})


def excel_csv(path: Path, rows: list[list[str]], *, encoding: str, delimiter: str) -> Path:
    """As Excel writes it: CRLF line ends, quotes around multi-line cells, no BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows(rows)
    data = buffer.getvalue().encode(encoding)
    if encoding == "utf-16-le":
        data = codecs.BOM_UTF16_LE + data
    path.write_bytes(data)
    return path


def ods(path: Path, rows: list[list[str]]) -> Path:
    """A minimal OpenDocument spreadsheet, as LibreOffice would read it."""

    def cell(value: str) -> str:
        if not value:
            return "<table:table-cell/>"
        paragraphs = "".join(f"<text:p>{escape(line)}</text:p>" for line in value.split("\n"))
        return f'<table:table-cell office:value-type="string">{paragraphs}</table:table-cell>'

    body = "".join(
        "<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>" for row in rows
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Personale">'
        f"{body}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest_xml = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/"'
        ' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr("META-INF/manifest.xml", manifest_xml, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


ITALIAN = [
    HEADER_IT,
    [
        "Niccolò Città",
        "n.citta@example.org",
        "Via Verdi 3\n10121 Torino",
        "IT",
        "profile;content",
        "Sono un'insegnante:\nun modello che imitasse i miei post li snaturerebbe.",
        "Torino",
        "it",
    ],
]


def test_italian_excel_plain_csv_is_windows_1252(tmp_path: Path) -> None:
    """Italian Excel's "CSV (delimitato dal separatore di elenco)": cp1252, ';', CRLF."""
    sheet = excel_csv(tmp_path / "personale.csv", ITALIAN, encoding="cp1252", delimiter=";")
    assert b"\xf2" in sheet.read_bytes()  # ò in Windows-1252: not UTF-8
    out = tmp_path / "out"
    result = run(str(sheet), "--out", str(out), "--jobs", "1")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert "personale.csv is read as cp1252 text" in result.stderr  # type: ignore[attr-defined]
    text = pdf_text(next(out.glob("*.pdf")))
    assert "Niccolò Città" in text
    assert "Sono un'insegnante:" in text and "li snaturerebbe." in text  # both lines kept


def test_excel_unicode_text_is_utf16_tab_separated(tmp_path: Path) -> None:
    sheet = excel_csv(tmp_path / "staff.txt", ITALIAN, encoding="utf-16-le", delimiter="\t")
    shape, rows = open_sheet(sheet)
    assert shape.encoding == "utf-16"
    (_number, mapping), *_ = list(rows)
    assert mapping["person"]["name"] == "Niccolò Città"
    assert mapping["person"]["postal_address"] == "Via Verdi 3\n10121 Torino"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (codecs.BOM_UTF8 + "nome;città".encode(), "utf-8-sig"),
        ("nome;città".encode(), "utf-8"),
        ("nome;città".encode("cp1252"), "cp1252"),
        (codecs.BOM_UTF32_LE + "nome".encode("utf-32-le"), "utf-32"),
    ],
)
def test_encodings_are_detected(data: bytes, encoding: str) -> None:
    assert detect_encoding(data) == encoding


def test_encoding_can_be_given(tmp_path: Path) -> None:
    sheet = excel_csv(tmp_path / "staff.csv", ITALIAN, encoding="cp1252", delimiter=";")
    result = run(str(sheet), "--check", "--encoding", "latin-1")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert "read as latin-1 text" in result.stderr  # type: ignore[attr-defined]
    result = run(str(sheet), "--check", "--encoding", "klingon")
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert "klingon is not an encoding we know" in result.stderr  # type: ignore[attr-defined]


@pytest.mark.parametrize(("rows", "encoding"), [(40, "utf-8"), (40, "utf-16-le"), (2000, "cp1252")])
def test_the_progress_counts_rows_not_lines(tmp_path: Path, rows: int, encoding: str) -> None:
    """A multi-line address is one row, a blank line none: the count of rows the progress
    shows is exact for a sheet read whole in its first bytes, and close for a longer one."""
    header, first = ITALIAN[0], ITALIAN[1]
    body = [[f"Persona {n}", f"p{n}@example.org", *first[2:]] for n in range(rows)]
    body[rows // 2 : rows // 2] = [[""] * len(header)]  # a blank line between two blocks
    sheet = excel_csv(tmp_path / "s.csv", [header, *body], encoding=encoding, delimiter=";")
    assert "\n" in first[header.index("Indirizzo")]  # the address runs over two lines
    shape, _rows = open_sheet(sheet)
    if sheet.stat().st_size < 64 * 1024:
        assert shape.rows_hint == rows
    else:
        assert abs(shape.rows_hint - rows) <= rows // 20
    if rows == 40 and encoding == "utf-8":
        result = run(str(sheet), "--check")
        assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
        assert "40/40 rows, 0 failed" in result.stderr  # type: ignore[attr-defined]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_the_delimiter_comes_from_the_header(tmp_path: Path, delimiter: str) -> None:
    sheet = excel_csv(tmp_path / "s.csv", ITALIAN, encoding="utf-8", delimiter=delimiter)
    shape, rows = open_sheet(sheet)
    assert shape.fields[:2] == ("person.name", "person.email")
    assert next(rows)[1]["person"]["email"] == "n.citta@example.org"


def test_libreoffice_ods_with_italian_headers_and_no_place(tmp_path: Path) -> None:
    rows = [
        ["Nominativo", "Posta elettronica", "Indirizzo postale", "Nazione", "Categorie", "Motivi"],
        [*ITALIAN[1][:6]],
    ]
    sheet = ods(tmp_path / "iscritti.ods", rows)
    out = tmp_path / "out"
    result = run(str(sheet), "--out", str(out), "--jobs", "1")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    text = pdf_text(next(out.glob("*.pdf")))
    assert "Niccolò Città" in text and "Via Verdi 3" in text
    assert "Torino," not in text.split("Oggetto")[0]  # no place: the date stands alone


def test_old_xls_with_dates_and_a_chosen_sheet(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run(
        str(DATA / "staff.xls"), "--out", str(out), "--jobs", "1", "--sheet", "1", locale=None
    )
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    entries = manifest(out)
    assert [e["status"] for e in entries] == ["ok", "ok"]
    texts = [pdf_text(out / e["files"].split(";")[0]) for e in entries]
    assert "Bologna, 2 novembre 2026" in texts[0]  # a date cell, as the sheet shows it
    assert "Agnès Moreau" in texts[1] and "2 November 2026" in texts[1]
    result = run(str(DATA / "staff.xls"), "--check", "--sheet", "Nowhere")
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert "its sheets are Personale, Note" in result.stderr  # type: ignore[attr-defined]


def test_a_missing_column_is_one_message_before_any_work(tmp_path: Path) -> None:
    rows = [[c for i, c in enumerate(r) if i != 1] for r in ITALIAN]  # no e-mail column
    sheet = excel_csv(
        tmp_path / "staff.csv", rows * 1 + [rows[1]] * 30, encoding="utf-8", delimiter=";"
    )
    out = tmp_path / "out"
    result = run(str(sheet), "--out", str(out))
    assert result.exit_code == 2  # type: ignore[attr-defined]
    err = result.stderr  # type: ignore[attr-defined]
    assert err.count("has no column for person.email") == 1
    assert "e_mail" in err and "posta_elettronica" in err  # the names it may have
    assert not out.exists()
    defaults = tmp_path / "defaults.toml"
    defaults.write_text('[person]\nemail = "staff@example.org"\n')
    result = run(str(sheet), "--check", "--defaults", str(defaults))
    assert "has no column" not in result.stderr  # type: ignore[attr-defined]


def test_unused_columns_are_listed_once(tmp_path: Path) -> None:
    rows = [[*ITALIAN[0], "Reparto", "Matricola"], [*ITALIAN[1], "Vendite", "123"]]
    sheet = excel_csv(tmp_path / "staff.csv", rows, encoding="utf-8", delimiter=";")
    result = run(str(sheet), "--check")
    assert result.stderr.count("Columns not used: Reparto, Matricola.") == 1  # type: ignore[attr-defined]


def test_check_validates_without_writing(tmp_path: Path) -> None:
    good = excel_csv(tmp_path / "good.csv", ITALIAN, encoding="utf-8", delimiter=";")
    result = run(str(good), "--check", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert "1 row would make a letter; 0 rows have errors." in result.stderr  # type: ignore[attr-defined]
    bad_rows = [HEADER_IT, person(1), person(2, email="nope"), person(3, country="US")]
    bad = excel_csv(tmp_path / "bad.csv", bad_rows, encoding="utf-8", delimiter=";")
    result = run(str(bad), "--check", "--out", str(tmp_path / "out"))
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "row 3: E-mail (person.email)" in result.stderr  # type: ignore[attr-defined]
    assert "row 4: Paese (person.country)" in result.stderr  # type: ignore[attr-defined]
    assert "1 row would make a letter; 2 rows have errors." in result.stderr  # type: ignore[attr-defined]
    assert not (tmp_path / "out").exists()


def test_a_name_with_an_emoji_is_drawn(tmp_path: Path) -> None:
    rows = [HEADER_IT, person(1, name="Anna 🌻 Rossi")]
    sheet = excel_csv(tmp_path / "staff.csv", rows, encoding="utf-8", delimiter=";")
    out = tmp_path / "out"
    result = run(str(sheet), "--out", str(out), "--jobs", "1")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    pdf = next(out.glob("*.pdf"))
    text = pdf_text(pdf)  # (WeasyPrint 69 puts the emoji's text elsewhere in the stream)
    assert "🌻" in text and "Anna" in text and "Rossi" in text
    import subprocess

    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "Emoji" in fonts


def test_a_read_only_out_is_said_as_everywhere(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    sheet = excel_csv(tmp_path / "staff.csv", ITALIAN, encoding="utf-8", delimiter=";")
    result = run(str(sheet), "--out", str(blocker / "out"))
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "check that the folder exists and is writable" in result.stderr  # type: ignore[attr-defined]


def test_a_symbol_without_a_font_is_left_out_not_the_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.pdf import fonts

    real = fonts._fonts_cover
    monkeypatch.setattr(  # a machine without fonts-noto-color-emoji (the workers inherit it)
        fonts, "_fonts_cover", lambda charset: "1f33b" not in charset.split() and real(charset)
    )
    rows = [HEADER_IT, person(1, name="Anna 🌻 Rossi")]
    sheet = excel_csv(tmp_path / "staff.csv", rows, encoding="utf-8", delimiter=";")
    out = tmp_path / "out"
    result = run(str(sheet), "--out", str(out), "--jobs", "1")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    entry = manifest(out)[0]
    assert "🌻" in entry["warnings"] and "fonts-noto-color-emoji" in entry["warnings"]
    text = pdf_text(out / entry["files"].split(";")[0])
    assert "Anna Rossi" in " ".join(text.split()) and "🌻" not in text
    form = (out / entry["files"].split(";")[1]).read_text("utf-8")
    reference = next(w for w in text.split() if w.startswith("OBJ-"))
    assert reference in form  # one letter, one reference
