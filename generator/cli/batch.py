"""``objection batch``: one letter and one form text per spreadsheet row, in parallel."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from generator import DEFAULT_CONTROLLER
from generator.cli.clustering import cluster_option, run_where
from generator.cli.common import (
    N_,
    QUIET,
    TranslatedCommand,
    TranslatedOption,
    UserError,
    common_options,
    say,
    ui_gettext,
    ui_locale,
    ui_ngettext,
)
from generator.cli.options import on_behalf_of_option, pdf_variant_option
from generator.cli.passwords import batch_token, pkcs11_options
from generator.cli.progress import Reporter
from generator.cli.registering import (
    open_register,
    register_option,
)


@click.command(
    cls=TranslatedCommand,
    help=N_(
        "Write a letter and a form text for every row of a staff spreadsheet (CSV, TSV or "
        "TXT in any common encoding, XLSX, XLS or ODS), in parallel, with a progress bar and "
        "a manifest. Exit 0 if every row was made, 1 if some failed, 2 if the sheet itself is "
        "unusable. --check validates every row without writing anything."
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
@on_behalf_of_option
@click.option(
    "--controller",
    "controllers",
    default=DEFAULT_CONTROLLER,
    show_default=True,
    metavar="NAME[,NAME]",
    cls=TranslatedOption,
    help=N_(
        "Whose processing to object to; several, comma-separated, make one letter to each "
        "for every member (a sheet's controller column wins)."
    ),
)
@pdf_variant_option
@pkcs11_options
@click.option(
    "--check",
    is_flag=True,
    cls=TranslatedOption,
    help=N_("Validate every row and say what would be made; write nothing."),
)
@click.option(
    "--sheet",
    "sheet_name",
    metavar="NAME|N",
    cls=TranslatedOption,
    help=N_("The workbook's sheet to read, by name or number (default: the first)."),
)
@click.option(
    "--encoding",
    metavar="NAME",
    cls=TranslatedOption,
    help=N_("The text file's encoding, e.g. cp1252 or utf-16 (default: detected)."),
)
@click.option(
    "--campaign",
    metavar="NAME",
    cls=TranslatedOption,
    help=N_(
        "The campaign the register files these letters under, for status --campaign and "
        "follow-up --due (default: the sheet's name)."
    ),
)
@click.option(
    "--no-register",
    "no_register",
    is_flag=True,
    cls=TranslatedOption,
    help=N_("Do not record the letters in the register."),
)
@cluster_option
@register_option
@common_options
def batch(
    sheet: Path,
    out_dir: Path,
    jobs: int | None,
    resume: bool,
    defaults_file: Path | None,
    organisation_file: Path | None,
    controllers: str,
    pdf_variant: str,
    check: bool,
    sheet_name: str | None,
    encoding: str | None,
    campaign: str | None,
    no_register: bool,
    cluster: str | None,
    locale: str | None,
) -> None:
    from generator import check_batch, load_organisation, open_sheet, run_batch

    defaults = _defaults(defaults_file)
    organisation = load_organisation(organisation_file) if organisation_file else None
    chosen = _controllers(controllers)
    opened = open_sheet(sheet, encoding=encoding, sheet=sheet_name)
    shape = opened[0]
    _notices(shape)
    quiet = bool(click.get_current_context().find_root().meta.get(QUIET))
    reporter = Reporter(shape.rows_hint, quiet=quiet, bar=sys.stderr.isatty() and not quiet)
    if check:
        with reporter:
            summary = check_batch(
                opened, defaults=defaults, locale=locale, controllers=chosen, on_result=reporter
            )
        return _finish_check(summary)
    _harfbuzz_hint()
    jobs, on_cluster = run_where(cluster, jobs)  # before the register: nothing made if it fails
    # A card: its PIN asked once, checked now (not on a cluster: run_batch refuses signing there).
    defaults, token = batch_token(defaults, ask=on_cluster is None)
    register = None if no_register else open_register(required=False)
    with reporter:
        summary = run_batch(
            opened,
            out_dir,
            defaults=defaults,
            jobs=jobs,
            resume=resume,
            locale=locale,
            on_result=reporter,
            on_behalf_of=organisation,
            pdf_variant=pdf_variant,
            controllers=chosen,
            register=register,
            campaign=campaign,
            token=token,
            cluster=on_cluster,
        )
    _finish(summary, out_dir, quiet)
    if register is not None and summary.made:
        _recorded_as(campaign or sheet.stem)


def _recorded_as(campaign: str) -> None:
    _ = ui_gettext()
    say(
        _(
            "Recorded in the register as campaign %(name)s: objection status --campaign %(name)s.",
            name=campaign,
        )
    )


def _defaults(defaults_file: Path | None) -> dict[str, Any] | None:
    """What --defaults FILE fills empty cells with; a certificate in it is refused."""
    from generator import read_answers_file

    defaults = read_answers_file(defaults_file) if defaults_file else None
    if defaults and defaults.get("signature", {}).get("pkcs12"):
        _ = ui_gettext()
        raise click.UsageError(
            _(
                "%(file)s names a certificate (signature.pkcs12): batch letters are not signed "
                "with one, since each member signs their own letter. Remove it from %(file)s.",
                file=defaults_file,
            )
        )
    return defaults


def _controllers(names: str) -> tuple[str, ...]:
    from generator import available_controllers

    _ = ui_gettext()
    chosen = tuple(dict.fromkeys(n.strip().lower() for n in names.split(",") if n.strip()))
    unknown = [n for n in chosen if n not in available_controllers()]
    if unknown or not chosen:
        raise click.BadParameter(
            _(
                "%(names)s: use one or more of %(known)s, separated by commas.",
                names=", ".join(unknown) or names,
                known=", ".join(available_controllers()),
            ),
            param_hint="--controller",
        )
    return chosen


def _notices(shape: Any) -> None:
    """Once, before the rows: how the sheet was read, and the columns not used."""
    _ = ui_gettext()
    for notice in shape.notices:
        say(notice.text(ui_locale()))
    if shape.unknown:
        say(_("Columns not used: %(columns)s.", columns=", ".join(shape.unknown)))


def _harfbuzz_hint() -> None:
    from generator import harfbuzz_subsetting

    if not harfbuzz_subsetting():
        _ = ui_gettext()
        say(
            _(
                "HarfBuzz subsetting is missing: letters are made at about half the speed. "
                "Install libharfbuzz-subset0 (Debian, Ubuntu) to fix it."
            )
        )


def _finish_check(summary: Any) -> None:
    """What --check found: exit 0 if every row is good, 1 if some are not."""
    _, n_ = ui_gettext(), ui_ngettext()
    good = summary.total - summary.failed_count
    say(
        n_(
            "%(num)d row would make a letter",
            "%(num)d rows would make a letter each",
            good,
        )
        + "; "
        + n_("%(num)d row has errors.", "%(num)d rows have errors.", summary.failed_count)
    )
    if summary.failed_count:
        raise UserError(_("Nothing was written: correct the rows above, then run again."), 1)


def _finish(summary: Any, out_dir: Path, quiet: bool) -> None:
    """The closing summary, and the exit code: 1 when rows failed or the run was cut short."""
    _, n_ = ui_gettext(), ui_ngettext()
    manifest = out_dir / "manifest.csv"
    made = n_(
        "Made %(num)d letter in %(out)s",
        "Made %(num)d letters in %(out)s",
        summary.made,
        out=out_dir,
    )
    rest = _(
        "(%(kept)d unchanged from before); failed rows: %(failed)d. Manifest: %(manifest)s",
        kept=summary.kept,
        failed=summary.failed_count,
        manifest=manifest,
    )
    say(f"{made} {rest}")
    if summary.aborted:
        raise summary.aborted
    if summary.failed_count:
        # In the sheet's order, whatever order the workers finished them in.
        rows = ", ".join(str(r.row) for r in sorted(summary.failed, key=lambda r: r.row)[:20])
        more = "…" if summary.failed_count > 20 else ""
        where = (
            _("see the manifest %(manifest)s", manifest=manifest)
            if quiet
            else _("see above and the manifest")
        )
        raise UserError(
            _("Rows that failed: %(rows)s%(more)s (%(where)s).", rows=rows, more=more, where=where),
            1,
        )
