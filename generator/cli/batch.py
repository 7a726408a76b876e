"""``objection batch``: one letter and one form text per spreadsheet row, in parallel."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from generator.cli.common import (
    N_,
    QUIET,
    TranslatedCommand,
    TranslatedOption,
    UserError,
    common_options,
    say,
    ui_gettext,
)


@click.command(
    cls=TranslatedCommand,
    help=N_(
        "Write a letter and a form text for every row of a staff spreadsheet (CSV or XLSX), "
        "in parallel, with a progress bar and a manifest. Exit 0 if every row was made, 1 if "
        "some failed, 2 if the sheet itself is unusable."
    ),
)
@click.argument("sheet", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default="out",
    show_default=True,
    cls=TranslatedOption,
    help=N_("Folder for the letters, the form texts and manifest.csv."),
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    metavar="N",
    cls=TranslatedOption,
    help=N_("Worker processes (default: the number of CPUs)."),
)
@click.option(
    "--resume",
    is_flag=True,
    cls=TranslatedOption,
    help=N_("Redo only the rows that are missing, incomplete or changed."),
)
@click.option(
    "--defaults",
    "defaults_file",
    metavar="FILE",
    cls=TranslatedOption,
    type=click.Path(path_type=Path, dir_okay=False),
    help=N_("An answers file whose values fill what a row leaves empty."),
)
@click.option(
    "--on-behalf-of",
    "organisation_file",
    metavar="ORG.toml",
    cls=TranslatedOption,
    type=click.Path(path_type=Path, dir_okay=False),
    help=N_(
        "Letters sent by this organisation for its members, each with a mandate for the "
        "member to sign ([organisation] name, postal_address, email, non_profit)."
    ),
)
@common_options
def batch(
    sheet: Path,
    out_dir: Path,
    jobs: int | None,
    resume: bool,
    defaults_file: Path | None,
    organisation_file: Path | None,
    locale: str | None,
) -> None:
    from generator.answers import load_organisation, read_answers_file
    from generator.batch import RowResult, run_batch
    from generator.pdf import harfbuzz_subsetting
    from generator.sheets import count_rows

    _ = ui_gettext()
    defaults = read_answers_file(defaults_file) if defaults_file else None
    organisation = load_organisation(organisation_file) if organisation_file else None
    total = count_rows(sheet)  # also says at once when the sheet is unusable
    if not harfbuzz_subsetting():
        say(
            _(
                "HarfBuzz subsetting is missing: letters are made at about half the speed. "
                "Install libharfbuzz-subset0 (Debian, Ubuntu) to fix it."
            )
        )
    quiet = bool(click.get_current_context().find_root().meta.get(QUIET))
    interactive = sys.stderr.isatty() and not quiet
    progress: Any = None
    task_id: Any = None
    counts = {"done": 0, "failed": 0}

    def on_result(result: RowResult) -> None:
        counts["done"] += 1
        if result.status == "failed":
            counts["failed"] += 1
            message = _("row %(row)d: %(error)s", row=result.row, error=result.error)
            if progress is not None:
                progress.console.print(message, markup=False, highlight=False)
            elif not quiet:
                click.echo(message, err=True)
        if progress is not None:
            progress.update(task_id, advance=1, failed=counts["failed"])
        elif not quiet and (counts["done"] % max(1, total // 20) == 0 or counts["done"] == total):
            click.echo(
                _(
                    "%(done)d/%(total)d rows, %(failed)d failed",
                    done=counts["done"],
                    total=total,
                    failed=counts["failed"],
                ),
                err=True,
            )

    def run() -> Any:
        return run_batch(
            sheet,
            out_dir,
            defaults=defaults,
            jobs=jobs,
            resume=resume,
            locale=locale,
            on_result=on_result,
            on_behalf_of=organisation,
        )

    if interactive:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn(_("{task.fields[failed]} failed")),
            TimeRemainingColumn(),
            console=Console(stderr=True),
        )
        with progress:
            task_id = progress.add_task(_("Letters"), total=total, failed=0)
            summary = run()
    else:
        summary = run()
    say(
        _(
            "Made %(made)d letters in %(out)s (%(kept)d unchanged from before); failed rows: "
            "%(failed)d. Manifest: %(manifest)s",
            made=summary.made,
            out=out_dir,
            kept=summary.kept,
            failed=summary.failed_count,
            manifest=out_dir / "manifest.csv",
        )
    )
    if summary.aborted:
        raise UserError(summary.aborted, 1)
    if summary.failed_count:
        rows = ", ".join(str(r.row) for r in summary.failed[:20])
        more = "…" if summary.failed_count > 20 else ""
        raise UserError(
            _(
                "Rows that failed: %(rows)s%(more)s (see above and the manifest).",
                rows=rows,
                more=more,
            ),
            1,
        )
