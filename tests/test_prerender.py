"""The renderer process: WeasyPrint warmed up beside the command line, never relied upon."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import pdf_text
from generator.pdf import renderer as prerender


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["letter", "--sample"], True),
        (["--locale", "it", "letter", "--answers", "a.toml"], True),
        (["complaint", "--due"], True),
        (["letter", "--sample", "--format", "txt"], False),
        (["letter", "--sample", "--format=html"], False),
        (["letter", "--sample", "-o", "l.TXT"], False),
        (["letter", "--help"], False),
        (["status"], False),
        (["batch", "staff.csv"], False),  # the batch forks workers of its own
        ([], False),
    ],
)
def test_only_commands_that_make_a_pdf_start_it(args: list[str], expected: bool) -> None:
    assert prerender._wants_pdf(args) is expected


def test_the_renderer_renders_and_a_dead_one_is_replaced_by_in_process_rendering() -> None:
    from generator.answers.reading import sample_answers
    from generator.documents.document import render_document
    from generator.documents.letter import build_letter, render_html
    from generator.pdf.writer import html_to_pdf

    answers = sample_answers("en")
    html = render_html(build_letter(answers, "en"), inline_css=False)
    renderer = prerender.Renderer()
    prerender._current = renderer
    try:
        child = renderer._process
        made = html_to_pdf(html, title="t", locate_signature=True)
        assert made.data.startswith(b"%PDF") and made.signature_box is not None
        assert child.is_alive()  # it served the job and waits for the next
        child.kill()
        child.join()
        again = render_document(answers, "pdf")  # the pipe is broken: made in-process
        assert "Siobhán" in pdf_text(again.data)
        assert prerender.current() is None
    finally:
        if prerender._current is not None:
            prerender._current.close()
        prerender._current = None


def test_the_command_line_says_the_same_with_and_without_it(tmp_path: Path) -> None:
    texts = []
    for setting in ("1", "0"):
        out = tmp_path / f"letter-{setting}.pdf"
        env = {
            **os.environ,
            prerender.VARIABLE: setting,
            "OBJECTION_REGISTER": str(tmp_path / "register.sqlite"),
        }
        result = subprocess.run(
            [sys.executable, "-m", "generator", "-q", "letter", "--sample", "-o", str(out)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""
        texts.append(pdf_text(out))
        info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True)
        assert "Tagged:          yes" in info.stdout
    assert texts[0] == texts[1]


def test_a_pdf_that_cannot_be_made_is_said_as_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    import weasyprint

    from generator.base.errors import RenderError
    from generator.pdf.writer import html_to_pdf

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("a broken style sheet")

    monkeypatch.setattr(weasyprint, "HTML", broken)  # before the fork: the child has it too
    renderer = prerender.Renderer()
    prerender._current = renderer
    try:
        with pytest.raises(RenderError) as raised:
            html_to_pdf("<p>x</p>", title="The title")
        assert "The title" in str(raised.value) and "a broken style sheet" in str(raised.value)
        assert prerender.current() is renderer  # the renderer itself is fine
    finally:
        renderer.close()
        prerender._current = None


def test_without_fork_the_pdf_is_made_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where there is no fork (Windows), the renderer is not started and nothing fails."""
    import multiprocessing

    def no_fork(method: str | None = None) -> None:
        raise ValueError(f"cannot find context for {method!r}")

    monkeypatch.setattr(multiprocessing, "get_context", no_fork)
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    monkeypatch.delenv(prerender.VARIABLE, raising=False)
    monkeypatch.setattr(prerender, "_current", None)
    prerender.maybe_start(["letter", "--sample"])
    assert prerender.current() is None
