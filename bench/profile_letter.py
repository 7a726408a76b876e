"""Where one letter's time goes inside WeasyPrint: cProfile over warm renders of the sample.

    python bench/profile_letter.py [--locale en] [-n 20]

Renders the sample letter three times to warm up (fonts, style sheet, templates), then ``-n``
times under cProfile, and prints the share of each stage (cumulative time of the WeasyPrint
function that does it, per letter). The table in docs/speed.md comes from here.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats

from generator.answers.reading import sample_answers
from generator.documents.letter import build_letter, render_html
from generator.pdf import engine

#: (stage, module path fragment, function): a stage's time is its function's cumulative time.
STAGES = (
    ("HTML parse", "weasyprint/__init__.py", "__init__"),
    ("CSS cascade and computed styles", "css/__init__.py", "get_all_computed_styles"),
    ("box tree", "formatting_structure/build.py", "build_formatting_structure"),
    ("layout (all)", "layout/__init__.py", "layout_document"),
    ("  Pango line breaking and shaping", "text/line_break.py", "split_first_line"),
    ("write_pdf (all)", "weasyprint/document.py", "write_pdf"),
    ("  drawing the pages", "weasyprint/document.py", "paint"),
    ("  structure tree (tags)", "pdf/tags.py", "add_tags"),
    ("  fonts: subset and embed", "pdf/fonts.py", "build_fonts_dictionary"),
    ("  PDF/A metadata and serialising", "pydyf/__init__.py", "write"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--locale", default="en")
    parser.add_argument("-n", type=int, default=20)
    args = parser.parse_args()
    answers = sample_answers(args.locale)
    html = render_html(build_letter(answers, args.locale), inline_css=False)

    def one() -> None:
        engine.render_pdf(html, title="profile")

    for _ in range(3):
        one()
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(args.n):
        one()
    profile.disable()
    stats = pstats.Stats(profile)
    total = stats.total_tt  # type: ignore[attr-defined]
    print(f"{args.locale}: {total / args.n * 1000:.0f} ms a letter")
    print("| stage | ms a letter | share |\n|---|---|---|")
    entries = stats.stats  # type: ignore[attr-defined]
    for stage, path, function in STAGES:
        cumulative = sum(
            value[3]
            for (file, _line, name), value in entries.items()
            if file.endswith(path) and name == function
        )
        print(f"| {stage} | {cumulative / args.n * 1000:.1f} | {cumulative / total:.0%} |")


if __name__ == "__main__":
    main()
