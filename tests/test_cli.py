"""The command line as a user drives it: exit codes, messages, files, languages."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import generator
from conftest import pdf_text
from generator.cli import cli

COMMANDS = ["letter", "init", "categories"]


def run(runner: CliRunner, *args: str, **kwargs: Any):
    return runner.invoke(cli, list(args), catch_exceptions=False, **kwargs)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(runner: CliRunner, command: str) -> None:
    result = run(runner, command, "--help")
    assert result.exit_code == 0
    assert "Usage: objection " + command in result.output
    assert "--locale" in result.output


def test_help_in_italian(runner: CliRunner) -> None:
    result = run(runner, "letter", "--locale", "it", "--help")
    assert "Scrive una lettera di opposizione" in result.output
    assert "File delle risposte" in result.output
    top = run(runner, "--locale", "it", "--help")
    assert "Scrive lettere di opposizione" in top.output
    assert "Elenca le categorie" in top.output  # short help of the subcommands


def test_help_follows_lang(runner: CliRunner) -> None:
    result = run(runner, "init", "--help", env={"LANG": "it_IT.UTF-8", "LANGUAGE": ""})
    assert "Scrive un file di risposte commentato" in result.output


ITALIAN_ENV = {"LANG": "it_IT.UTF-8", "LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": ""}


def test_clicks_own_words_follow_an_italian_environment(runner: CliRunner) -> None:
    """click's headings, help option and parsing errors come from our catalog, through
    gettext's global domain (the environment's language)."""
    top = run(runner, "--help", env=ITALIAN_ENV)
    assert top.output.startswith("Uso: objection")
    assert "Opzioni:" in top.output and "Comandi:" in top.output
    wrong = run(runner, "letter", "--bogus", env=ITALIAN_ENV)
    assert wrong.exit_code == 2
    # click 8.2 names -h and says "No such option: --bogus"; later ones --help and '--bogus'.
    assert "Prova «objection letter -" in wrong.stderr and "» per l'aiuto." in wrong.stderr
    assert "Errore: L'opzione " in wrong.stderr and "--bogus" in wrong.stderr
    english = run(runner, "letter", "--bogus", env={"LANG": "en_GB.UTF-8", "LANGUAGE": ""})
    assert "Error: No such option" in english.stderr and "--bogus" in english.stderr


@pytest.mark.parametrize(
    ("environment", "language"),
    [
        ({"LANG": "it_IT.UTF-8"}, "it"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, None),
        ({"LANGUAGE": "fr:it", "LANG": "en_US.UTF-8"}, "it"),  # its first language we speak
        ({"LANGUAGE": "fr", "LANG": "it_IT.UTF-8"}, None),  # LANGUAGE wins, as for gettext
        ({"LC_ALL": "C", "LANG": "it_IT.UTF-8"}, "en"),  # C is English
        ({"LC_MESSAGES": "it_IT", "LANG": "en_US"}, "it"),
        ({"LC_CTYPE": "C.UTF-8", "LANG": "it_IT.UTF-8"}, "it"),  # Python may set LC_CTYPE
    ],
)
def test_the_environments_language(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], language: str | None
) -> None:
    from generator.base.i18n import locale_from_env

    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LC_CTYPE", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert locale_from_env() == language


def test_gettext_finds_the_compiled_catalogs() -> None:
    import gettext

    from generator.base.i18n import DOMAIN, catalog_dir

    italian = gettext.translation(DOMAIN, str(catalog_dir()), languages=["it"])
    assert italian.gettext("Aborted!") == "Interrotto."


def test_sample_letter(runner: CliRunner, tmp_path: Path) -> None:
    result = run(runner, "letter", "--sample", "--locale", "en", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    files = list(tmp_path.glob("*.pdf"))
    assert len(files) == 1 and files[0].name.startswith("siobhan-ni-bhriain-")
    assert f"Wrote {files[0]}" in result.stderr
    assert "fictional member" in result.stderr
    text = pdf_text(files[0])
    assert "Siobhán Ní Bhriain" in text and "psychologist in private practice" in text
    assert not list(tmp_path.glob(".*.part"))  # no temporary file left behind


def test_sample_in_italian(runner: CliRunner, tmp_path: Path) -> None:
    result = run(
        runner, "letter", "--sample", "--locale", "it", "--format", "txt", "--out", str(tmp_path)
    )
    assert result.exit_code == 0, result.output
    text = next(tmp_path.glob("*.txt")).read_text("utf-8")
    assert "Niccolò Brambilla" in text
    assert "Oggetto: Opposizione" in text
    assert "Ho scritto" in result.stderr


def test_an_italian_answers_file_is_answered_in_italian(runner: CliRunner, tmp_path: Path) -> None:
    answers = tmp_path / "risposte.toml"
    sample = Path(generator.__file__).parent / "data" / "samples" / "it.toml"
    answers.write_text(sample.read_text("utf-8"), "utf-8")
    result = run(runner, "letter", "--answers", str(answers), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "Ho scritto" in result.stderr
    assert "Poi: objection next-steps --answers" in result.stderr  # every line, not the first
    assert "Next:" not in result.stderr


def test_init_then_letter(runner: CliRunner, tmp_path: Path) -> None:
    answers = tmp_path / "answers.toml"
    result = run(runner, "init", str(answers), "--locale", "it")
    assert result.exit_code == 0, result.output
    content = answers.read_text("utf-8")
    assert "# Le tue risposte per una lettera di opposizione" in content
    assert "ai_usage – Utilizzo delle funzioni di IA generativa" in content
    assert "Esercito la professione forense" in content  # example grounds, comments only
    data = tomllib.loads(content)
    assert data["objection"]["grounds"].strip() == ""  # never filled in for the member

    # Unfilled, the letter command says what is missing, in the user's language.
    result = run(
        runner,
        "letter",
        "--answers",
        str(answers),
        "--locale",
        "it",
        "--out",
        str(tmp_path / "out"),
    )
    assert result.exit_code == 2
    assert f"{answers}: person.name: è vuoto: compilalo" in result.stderr
    assert f"{answers}: objection.grounds: è vuoto: descrivi la tua situazione" in result.stderr
    assert "Traceback" not in result.output

    filled = content.replace('name = ""', 'name = "Lucia Ferri"', 1)
    filled = filled.replace('email = ""', 'email = "lucia@example.org"', 1)
    filled = filled.replace(
        'postal_address = """\n"""', 'postal_address = "Via Roma 1\\n00100 Roma"'
    )
    filled = filled.replace('grounds = """\n"""', 'grounds = "Sono medico di base."')
    filled = filled.replace('place = ""', 'place = "Roma"')
    filled = filled.replace('profile_url = ""', "")
    answers.write_text(filled, "utf-8")
    result = run(runner, "letter", "--answers", str(answers), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    text = pdf_text(next((tmp_path / "out").glob("lucia-ferri-*.pdf")))
    assert "Lucia Ferri" in text and "Sono medico di base." in text
    assert "Regolamento (UE) 2016/679" in text  # the answers' language: Italian


def test_init_refuses_to_overwrite(runner: CliRunner, tmp_path: Path) -> None:
    answers = tmp_path / "answers.toml"
    answers.write_text("mine", "utf-8")
    result = run(runner, "init", str(answers))
    assert result.exit_code == 2
    assert "exists already" in result.output
    assert answers.read_text("utf-8") == "mine"
    assert run(runner, "init", str(answers), "--force").exit_code == 0
    assert answers.read_text("utf-8").startswith("# Your answers")


def test_letter_from_options_only(runner: CliRunner, tmp_path: Path) -> None:
    result = run(
        runner,
        "letter",
        "--no-interactive",
        "--locale",
        "en",
        "--name",
        "Jan Novák",
        "--email",
        "jan@example.cz",
        "--postal-address",
        "Národní 1\\n110 00 Praha",
        "--country",
        "CZ",
        "--categories",
        "profile;groups",
        "--grounds",
        "I am a union organiser.",
        "--place",
        "Praha",
        "--format",
        "txt",
        "-o",
        str(tmp_path / "jan.txt"),
    )
    assert result.exit_code == 0, result.output
    text = (tmp_path / "jan.txt").read_text("utf-8")
    assert "Národní 1\n110 00 Praha" in text
    assert "Groups: activity in groups" in text
    assert "the Czech Office for Personal Data Protection (ÚOOÚ)" in " ".join(text.split())


def test_options_override_the_file(
    runner: CliRunner, tmp_path: Path, answers_data: dict, write_answers: Any
) -> None:
    path = write_answers(answers_data)
    result = run(
        runner, "letter", "--answers", str(path), "--place", "Salerno", "--format", "txt", "-o", "-"
    )
    assert result.exit_code == 0
    assert "Salerno, 2 novembre 2026" in result.stdout


def test_pdf_to_stdout(runner: CliRunner, answers_data: dict, write_answers: Any) -> None:
    path = write_answers(answers_data)
    result = run(runner, "-q", "letter", "--answers", str(path), "-o", "-")
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"%PDF-")
    assert result.stderr == ""  # -q: nothing but errors


def test_html_file(
    runner: CliRunner, tmp_path: Path, answers_data: dict, write_answers: Any
) -> None:
    path = write_answers(answers_data)
    result = run(
        runner, "letter", "--answers", str(path), "--format", "html", "--out", str(tmp_path / "o")
    )
    assert result.exit_code == 0
    html = next((tmp_path / "o").glob("*.html")).read_text("utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="it">' in html
    assert not re.search(r"""(src|href)\s*=|@import|url\(""", html)


def test_interactive_questions(runner: CliRunner, tmp_path: Path) -> None:
    answers = (
        "\n".join(
            [
                "it",  # language
                "Anna Rossi",  # name
                "non-una-mail",  # a wrong e-mail: asked again
                "anna@example.org",
                "Via Verdi 3",
                "10121 Torino",
                "",  # postal address, empty line ends it
                "IT",
                "",  # a member (the default: yes)
                "",  # no profile URL
                "1,5",  # profile and content
                "Sono una psicologa.",
                "",  # grounds
                "",  # every kind of AI training (the default: yes)
                "n",  # the setting is not off yet
                "n",  # the form not sent yet
                "Torino",
                "n",  # do not save the answers
            ]
        )
        + "\n"
    )
    result = run(
        runner, "letter", "--interactive", "--format", "txt", "--out", str(tmp_path), input=answers
    )
    assert result.exit_code == 0, result.output
    assert "Il tuo nome e cognome" in result.output
    assert "non è un indirizzo e-mail" in result.output
    assert "Esercito la professione forense" in result.output  # examples, as inspiration
    text = next(tmp_path.glob("anna-rossi-*.txt")).read_text("utf-8")
    assert "Sono una psicologa." in text
    assert "Dati del profilo" in text and "Contenuti pubblicati" in text
    assert "Gruppi:" not in text
    assert "professione forense" not in text  # never filled in


def test_no_terminal_no_questions(runner: CliRunner) -> None:
    result = run(runner, "letter", "--no-interactive", "--name", "X")
    assert result.exit_code == 2
    assert "your answers: person.email: is missing" in result.stderr


def test_a_bad_option_is_blamed_on_the_option(runner: CliRunner) -> None:
    base = ["letter", "--no-interactive", "--name", "X", "--postal-address", "Via A 1\\n00100 Roma"]
    base += ["--categories", "all", "--grounds", "Sono un medico."]
    result = run(runner, *base, "--email", "nope", "--country", "IT")
    assert result.exit_code == 2
    assert "your answers: --email (person.email): is not an e-mail address" in result.stderr
    result = run(runner, *base, "--email", "x@example.org", "--country", "US")
    assert result.exit_code == 2
    assert "--country (person.country): US is not covered" in result.stderr
    assert "LinkedIn trains on members' data elsewhere too" in result.stderr


def test_usage_errors_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    result = run(runner, "letter", "--format", "docx")
    assert result.exit_code == 2
    result = run(runner, "letter", "--sample", "--answers", str(tmp_path / "a.toml"))
    assert result.exit_code == 2
    assert "either --sample or --answers" in result.output


def test_unwritable_output_is_a_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run(runner, "letter", "--sample", "--format", "txt", "--out", str(blocker / "sub"))
    assert result.exit_code == 1
    assert "Could not write" in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize("locale", ["en", "it"])
def test_categories(runner: CliRunner, locale: str) -> None:
    result = run(runner, "categories", "--locale", locale)
    assert result.exit_code == 0
    for key in ("profile", "ai_usage", "jobs", "groups", "content", "feedback"):
        assert f"{key}: " in result.output
    expected = {"en": "resumes saved for reuse", "it": "curriculum salvati"}[locale]
    assert expected in result.output


def test_module_entry_point() -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "generator", "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout.startswith("objection, version ")


def test_locale_speaks_for_clicks_own_words_too(runner: CliRunner) -> None:
    """--locale it turns click's headings and errors Italian (through gettext's domain), and
    the environment is as it was once the command is done."""
    import os

    before = os.environ.get("LANGUAGE")
    helped = runner.invoke(cli, ["letter", "--locale", "it", "--help"], env={"LANG": "C"})
    assert helped.output.startswith("Uso: ")
    wrong = runner.invoke(cli, ["letter", "--locale", "it", "--format", "doc"], env={"LANG": "C"})
    assert wrong.exit_code == 2 and "Errore:" in wrong.stderr
    assert os.environ.get("LANGUAGE") == before


def test_one_members_letter_sent_by_an_organisation_carries_the_mandate(
    runner: CliRunner, tmp_path: Path
) -> None:
    """Missing element: a mandate for one member, as the batch's --on-behalf-of gives it."""
    org = tmp_path / "org.toml"
    org.write_text(
        '[organisation]\nname = "Privacy Help Desk"\npostal_address = "1 High Street\\nLeeds"\n'
        'email = "help@example.org"\nnon_profit = true\n',
        "utf-8",
    )
    out = tmp_path / "letter.txt"
    result = run(
        runner, "letter", "--sample", "--locale", "en", "--on-behalf-of", str(org), "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    text = " ".join(out.read_text("utf-8").split())
    assert "I send this objection through Privacy Help Desk" in text
    assert "authorise the association Privacy Help Desk" in text and "Article 80(1) GDPR" in text


@pytest.mark.parametrize(
    ("route", "locale", "line"),
    [
        ("post", "en", "By registered post with acknowledgement of receipt"),
        ("pec", "it", "Via PEC"),
        ("form", "it", "Tramite modulo online"),
    ],
)
def test_the_letter_says_how_it_leaves_and_what_it_encloses(
    runner: CliRunner,
    tmp_path: Path,
    write_answers: Any,
    answers_data: dict[str, Any],
    route: str,
    locale: str,
    line: str,
) -> None:
    """Missing element: a dispatch line above the address, and the enclosures below."""
    out = tmp_path / "letter.txt"
    answers = write_answers(answers_data)
    result = run(
        runner,
        "letter",
        "--answers",
        str(answers),
        "--locale",
        locale,
        "--send-by",
        route,
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.output
    lines = out.read_text("utf-8").splitlines()
    assert line in lines
    assert lines.index(line) < lines.index(next(x for x in lines if "LinkedIn Ireland" in x))
