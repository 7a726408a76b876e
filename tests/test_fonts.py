"""Names and text in any script get real glyphs, or a clear message naming the package."""

from __future__ import annotations

import subprocess
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import pdf_text, write_pdf
from generator.answers.reading import answers_from_mapping
from generator.base.errors import MissingFont
from generator.cli import cli
from generator.documents.letter import build_letter
from generator.pdf import fonts


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("Ζωή Παπαδοπούλου", "GR"),
        ("Ирина Шевченко", "BG"),
        ("Łukasz Żółć-Ångström", "PL"),
        ("陳大文", "IE"),
    ],
)
def test_scripts_render_with_real_glyphs(
    answers_data: dict[str, Any], name: str, country: str
) -> None:
    answers_data["person"]["name"] = name
    answers_data["person"]["country"] = country
    answers_data["objection"]["grounds"] = f"{name}: Ελληνικά, кириллица, 中文 — ça va."
    answers = answers_from_mapping(answers_data, source="t")
    fonts.check_fonts({"person.name": name})
    data = write_pdf(build_letter(answers, "en"))
    text = pdf_text(data)
    assert name in text
    assert "Ελληνικά, кириллица, 中文 — ça va." in text
    embedded = subprocess.run(
        ["pdffonts", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    if "陳" in name:
        assert "CJK" in embedded
    for row in embedded.splitlines()[2:]:
        assert row.split()[-5:-3] == ["yes", "yes"], row


def test_missing_font_names_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        fonts,
        "_fonts_cover",
        lambda charset: (
            "4e2d" not in charset.split() and not any(int(c, 16) >= 0x2E80 for c in charset.split())
        ),
    )
    with pytest.raises(MissingFont) as info:
        fonts.check_fonts({"person.name": "陳大文 中"})
    message = str(info.value)
    assert "person.name" in message
    assert "apt-get install fonts-noto-cjk" in message
    assert "Chinese, Japanese and Korean" in message


def test_missing_font_from_the_command_line(
    monkeypatch: pytest.MonkeyPatch, answers_data: dict[str, Any], write_answers: Any, tmp_path: Any
) -> None:
    monkeypatch.setattr(fonts, "_fonts_cover", lambda charset: False)
    answers_data["person"]["name"] = "Ζωή"
    path = write_answers(answers_data)
    result = CliRunner().invoke(
        cli, ["letter", "--answers", str(path), "--locale", "it", "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 1
    assert "Nessun font installato può mostrare i caratteri" in result.stderr
    assert "scrittura greca" in result.stderr
    assert "apt-get install fonts-noto-core" in result.stderr
    assert not (tmp_path / "o").exists()  # nothing written


def test_fontconfig_is_asked_in_process_and_agrees_with_fc_list() -> None:
    """The font check asks the fontconfig library, not an fc-list process per run; both answer
    alike (a Latin letter, an emoji, a code point no font has, a Chinese character)."""
    import shutil
    import subprocess

    from generator.pdf import fonts

    library = fonts._fontconfig()
    assert library is not None
    for charset in ("e1 ed", "1f600", "10fffd", "4e2d", "e1 10fffd"):
        ours = fonts._fontconfig_covers(library, [int(c, 16) for c in charset.split()])
        listed = subprocess.run(
            [shutil.which("fc-list") or "fc-list", f":charset={charset}", "family"],
            capture_output=True,
            text=True,
            check=True,
        )
        assert ours is bool(listed.stdout.strip()), charset


def test_the_font_check_runs_no_process(monkeypatch: Any) -> None:
    import subprocess

    from generator.pdf import fonts

    fonts._fonts_cover.cache_clear()

    def no_process(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"a process was started: {args}")

    monkeypatch.setattr(subprocess, "run", no_process)
    assert fonts.check_fonts({"person.name": "Siobhán Ní Bhriain 陳大文"}) == []


@pytest.mark.parametrize(
    ("char", "script", "package"),
    [
        ("Ł", "latin", "fonts-noto-core"),
        ("\u0301", "latin", "fonts-noto-core"),  # a combining accent goes with the Latin letters
        ("Ζ", "greek", "fonts-noto-core"),
        ("Ж", "cyrillic", "fonts-noto-core"),
        ("陳", "cjk", "fonts-noto-cjk"),
        ("カ", "cjk", "fonts-noto-cjk"),
        ("、", "cjk", "fonts-noto-cjk"),  # CJK punctuation: no script of its own
        ("Ａ", "cjk", "fonts-noto-cjk"),  # fullwidth Latin: drawn by CJK fonts
        ("㉑", "cjk", "fonts-noto-cjk"),
        ("😀", "emoji", "fonts-noto-color-emoji"),
        ("✂", "emoji", "fonts-noto-color-emoji"),
        ("—", "other", "fonts-noto-core"),
        ("ع", "other", "fonts-noto-core"),
    ],
)
def test_the_script_of_a_character_comes_from_unicode(char: str, script: str, package: str) -> None:
    assert fonts._script_of(char) == (script, package)
