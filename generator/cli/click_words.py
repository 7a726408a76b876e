"""click's own words (usage, options, errors, "Aborted!"), in the user's language.

click marks its messages for gettext; these are the ones a user of ``objection`` meets, listed
here so that the catalogs carry them. :func:`translate_click` points gettext's global domain,
where click looks them up, at our catalogs.
"""

from __future__ import annotations

import gettext

from generator import N_

WORDS = (
    N_("Usage:"),
    N_("Options"),
    N_("Commands"),
    N_("Show this message and exit."),
    N_("Show the version and exit."),
    N_("%(prog)s, version %(version)s"),
    N_("Error: {message}"),
    N_("Aborted!"),
    N_("Try '{command} {option}' for help."),
    N_("No such option {name!r}."),
    N_("No such option: {name}"),  # click 8.2
    N_("No such command {name!r}."),
    N_("Missing argument"),
    N_("Missing option"),
    N_("Missing parameter"),
    N_("Missing command."),
    N_("Missing parameter: {param_name}"),
    N_("Invalid value for {param_hint}: {message}"),
    N_("Invalid value: {message}"),
    N_("Option {name!r} does not take a value."),
    N_("{name} {filename!r} does not exist."),
    N_("{name} {filename!r} is a directory."),
    N_("{name} {filename!r} is a file."),
    N_("{value!r} is not a valid {number_type}."),
    N_("{value} is not in the range {range}."),
    N_("default: {default}"),
    N_("Repeat for confirmation"),
    N_("Error: The two entered values do not match."),
    N_("Error: invalid input"),
    N_("file"),
    N_("directory"),
    N_("path"),
)


def n_(singular: str, plural: str, n: int) -> str:
    """Mark click's plural messages for extraction (babel's keyword ``n_:1,2``)."""
    return singular if n == 1 else plural


PLURALS = (
    n_("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)", 1),
    n_("{value!r} is not {choice}.", "{value!r} is not one of {choices}.", 1),
    n_("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})", 1),
    n_(
        "{value!r} does not match the format {format}.",
        "{value!r} does not match the formats {formats}.",
        1,
    ),
)


def translate_click() -> None:
    """Make click's messages speak the environment's language (LANGUAGE, LC_ALL, LC_MESSAGES,
    LANG), from our catalogs.

    click asks the standard library's global gettext domain, the way it supports translation.
    That domain takes its language from the environment at each message, never from a
    per-command choice: ``--locale`` and an answers file's language steer our own messages,
    not click's headings and parsing errors.
    """
    from generator import DOMAIN, catalog_dir

    gettext.bindtextdomain(DOMAIN, str(catalog_dir()))
    gettext.textdomain(DOMAIN)
