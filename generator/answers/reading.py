"""Reading answers: a TOML file or a mapping, validated, each problem named by its field.

Problems are :class:`~generator.base.errors.Problem` values (a field and a message id), gathered in
one :class:`~generator.base.errors.InvalidAnswers`; the schema's help texts say what is expected.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from pathlib import Path
from typing import Any

from pydantic import (
    BaseModel,
    ValidationError,
)
from pydantic_core import ErrorDetails

from generator.answers.model import Answers, Organisation, Section
from generator.answers.schema import walk
from generator.answers.validators import MAX_ANSWERS_BYTES, FieldProblem, on_hosts
from generator.base.assets import asset_dir
from generator.base.errors import InvalidAnswers, InvalidInput, Msg, Problem, msg
from generator.base.files import read_regular
from generator.base.i18n import N_
from generator.facts.controllers import DEFAULT_CONTROLLER, available_controllers, load_controller


def _help(model: type[BaseModel]) -> dict[str, str]:
    return {f.path: f.spec.help for f in walk(model)}


_SECTIONS = {
    "person": N_("a [person] section"),
    "objection": N_("an [objection] section"),
    "signature": N_("a [signature] section"),
}


def _problem(error: ErrorDetails, helps: dict[str, str]) -> Problem:
    loc = [str(part) for part in error["loc"] if not isinstance(part, int)]
    field = ".".join(loc)
    kind = error["type"]
    cause = error.get("ctx", {}).get("error")
    if isinstance(cause, FieldProblem):
        if cause.subfield:
            field = f"{field}.{cause.subfield}" if field else cause.subfield
        return Problem(field, Msg(cause.msgid, cause.values))
    if kind == "extra_forbidden":
        parent = field.rpartition(".")[0]
        siblings = [k.rpartition(".")[2] for k in helps if k.rpartition(".")[0] == parent]
        siblings += list(_SECTIONS) if not parent else []
        close = difflib.get_close_matches(loc[-1], siblings, n=1)
        if close:
            return Problem(
                field, msg("is not a field we know: did you mean %(name)s?", name=close[0])
            )
        return Problem(field, msg("is not a field we know: remove it"))
    expected = Msg(helps.get(field) or _SECTIONS.get(field, ""))
    if kind == "missing":
        return Problem(field, msg("is missing: add %(expected)s", expected=expected))
    return Problem(field, msg("is not valid: expected %(expected)s", expected=expected))


def _validate(model: type[Section], data: dict[str, Any], source: str | Msg) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        helps = _help(model)
        problems = [_problem(e, helps) for e in exc.errors(include_url=False)]
        raise InvalidAnswers(source, problems) from None


def load_organisation(path: Path) -> Organisation:
    """The organisation file of --on-behalf-of: an [organisation] table."""
    data = read_answers_file(path)
    try:
        organisation: Organisation = _validate(
            Organisation, data.get("organisation", {}), str(path)
        )
    except InvalidAnswers as exc:
        problems = [Problem(f"organisation.{p.field}", p.msg) for p in exc.problems]
        raise InvalidAnswers(str(path), problems) from None
    return organisation


def answers_from_mapping(
    data: dict[str, Any], *, source: str | Msg = "answers", base_dir: Path | None = None
) -> Answers:
    """Validate ``data`` (a parsed answers file or spreadsheet row); raise InvalidAnswers.

    Paths (the signature image, the certificate) are relative to ``base_dir``.
    """
    answers: Answers = _validate(Answers, data, source)
    signature = answers.signature
    paths = {
        key: (base_dir / value if base_dir and not value.is_absolute() else value)
        for key, value in (("image", signature.image), ("pkcs12", signature.pkcs12))
        if value is not None
    }
    if "image" in paths:
        from generator.signature.sign import check_signature_image

        try:
            check_signature_image(paths["image"])
        except InvalidInput as exc:
            raise InvalidAnswers(source, [Problem("signature.image", exc.msg)]) from None
    if "pkcs12" in paths and not paths["pkcs12"].is_file():
        problem = msg(
            "%(path)s is not a regular file (a folder, a pipe or a device): give the path of "
            "your certificate file",
            path=paths["pkcs12"],
        )
        if not paths["pkcs12"].exists():
            problem = msg(
                "%(path)s does not exist: check the path of your certificate file",
                path=paths["pkcs12"],
            )
        raise InvalidAnswers(source, [Problem("signature.pkcs12", problem)])
    return answers.model_copy(update={"signature": signature.model_copy(update=paths)})


def read_answers_file(path: Path) -> dict[str, Any]:
    """The raw mapping of an answers TOML file; InvalidAnswers if it cannot be read or parsed."""

    def fail(problem: Msg) -> InvalidAnswers:
        return InvalidAnswers(str(path), [Problem("", problem)])

    try:
        raw = read_regular(path, max_bytes=MAX_ANSWERS_BYTES)
    except InvalidInput as exc:
        raise fail(exc.msg) from None
    except FileNotFoundError:
        raise fail(
            msg("there is no such file: check the path, or write one with objection init")
        ) from None
    except OSError as exc:
        raise fail(
            msg("cannot be read (%(reason)s): check its permissions", reason=exc.strerror)
        ) from None
    try:
        data: dict[str, Any] = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise fail(msg("is not UTF-8 text: save it again as UTF-8")) from None
    except tomllib.TOMLDecodeError as exc:
        raise fail(
            msg(
                "is not valid TOML (%(reason)s): compare it with the file objection init writes",
                reason=str(exc),
            )
        ) from None
    except RecursionError:  # tomllib descends a level a bracket: [[[[… exhausts the stack
        raise fail(
            msg(
                "has lists or tables nested too deeply to be an answers file: compare it with "
                "the file objection init writes"
            )
        ) from None
    return data


def load_answers(path: str | Path, *, controller: str | None = None) -> Answers:
    """Read and validate an answers TOML file; InvalidAnswers says what is wrong, field by field.

    ``controller`` addresses the answers to another controller than the file names: its own
    categories (all of them, when the file's are another controller's) and profile.
    """
    path = Path(path)
    data = read_answers_file(path)
    if controller:
        data = readdressed(data, controller)
    return answers_from_mapping(data, source=str(path), base_dir=path.parent)


def readdressed(data: dict[str, Any], controller: str) -> dict[str, Any]:
    """Answers written for one controller, addressed to ``controller``: its categories (all of
    them, where the answers name another's) and no profile address on another's site."""
    if controller == data.get("controller", DEFAULT_CONTROLLER):
        return data
    data = {**data, "controller": controller}
    if controller not in available_controllers():
        return data  # validation says so
    known = load_controller(controller)
    objection = dict(data.get("objection", {}))
    if not set(_categories(objection.get("categories"))) <= {*known.categories, "all"}:
        objection["categories"] = "all"
    person = dict(data.get("person", {}))
    profile = person.get("profile_url")
    if isinstance(profile, str) and not on_hosts(_with_scheme(profile), known.data.profile_hosts):
        person.pop("profile_url")
    return {**data, "person": person, "objection": objection}


def _with_scheme(url: str) -> str:
    return url if "://" in url else "https://" + url


def _categories(value: Any) -> list[str]:
    if isinstance(value, str):
        return [part for part in re.split(r"[;,\s]+", value.lower()) if part]
    return [str(v).lower() for v in value or []]


def sample_answers(locale: str, controller: str = DEFAULT_CONTROLLER) -> Answers:
    """The built-in answers of a fictional member, for the demo (``objection letter --sample``);
    to another controller, without the LinkedIn profile and with all its categories."""
    return load_answers(asset_dir("data") / "samples" / f"{locale}.toml", controller=controller)
