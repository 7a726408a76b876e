"""The register of letters: what was made, when it left, what came back.

SQLite in the user's data folder by default (platformdirs: ``$XDG_DATA_HOME/objection`` on
Linux), another file with ``--register PATH`` or ``OBJECTION_REGISTER``; a database URL
(``postgresql://…``) for a register shared by several operators. SQLAlchemy Core, one schema;
Alembic migrations (``generator/migrations``) bring an older register up to date. The register
holds who, what and when — never the member's grounds.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path
from typing import Any

from generator.base.errors import InvalidInput, ObjectionError
from generator.base.i18n import N_

#: The environment variable naming the register (a path or a database URL).
VARIABLE = "OBJECTION_REGISTER"
#: The newest migration: a register at this revision needs no Alembic at all.
HEAD = "0002_after_the_letter"
VIA = ("form", "post", "email", "pec")
#: What a register entry is: the objection, a standalone access request, and what follows a
#: letter that met silence or a refusal (they refer to it).
KINDS = ("objection", "access", "follow_up", "complaint")
#: What the controller's answer did: upheld the objection, refused it, upheld part of it, or
#: decided nothing (an acknowledgement, a template reply).
OUTCOMES = ("upheld", "refused", "partial", "none")
#: Suffixes of the references of what follows a letter.
SUFFIX = {"follow_up": "-F", "complaint": "-C"}


@dataclass(frozen=True)
class Record:
    """One letter as the register knows it."""

    reference: str
    name: str
    email: str
    controller: str
    regime: str
    locale: str
    letter_date: dt.date
    file: str
    sha256: str
    made_at: dt.datetime
    sent_on: dt.date | None = None
    sent_via: str | None = None
    kind: str = "objection"
    #: A follow-up's or complaint's letter (its reference).
    refers_to: str | None = None
    campaign: str | None = None
    #: The answers the letter was made from, as JSON, without the grounds: what a follow-up,
    #: a complaint or an access request needs to write to the same people again.
    answers: str | None = None
    with_access: bool = False
    proof_file: str | None = None
    proof_sha256: str | None = None
    answered_on: dt.date | None = None
    outcome: str | None = None
    answer_file: str | None = None
    answer_sha256: str | None = None

    @property
    def starts(self) -> dt.date:
        """The day the answer's month runs from: when it left, else the letter's date."""
        return self.sent_on or self.letter_date

    @property
    def awaits_answer(self) -> bool:
        """An objection or access request with no answer that decides anything."""
        return self.kind in ("objection", "access") and self.outcome in (None, "none")


def default_location() -> Path:
    from platformdirs import user_data_path

    return user_data_path("objection", appauthor=False) / "register.sqlite"


def location(given: str | Path | None = None) -> str:
    """The register's URL: ``given``, else $OBJECTION_REGISTER, else the user's data folder."""
    chosen = str(given or os.environ.get(VARIABLE) or default_location())
    return chosen if "://" in chosen else f"sqlite:///{Path(chosen).expanduser()}"


@cache
def _table() -> Any:
    import sqlalchemy as sa

    metadata = sa.MetaData()
    return sa.Table(
        "letters",
        metadata,
        sa.Column("reference", sa.String(40), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(254), nullable=False, index=True),
        sa.Column("controller", sa.String(32), nullable=False),
        sa.Column("regime", sa.String(16), nullable=False),
        sa.Column("locale", sa.String(8), nullable=False),
        sa.Column("letter_date", sa.Date, nullable=False),
        sa.Column("file", sa.String(4096), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_on", sa.Date),
        sa.Column("sent_via", sa.String(8)),
        sa.Column("kind", sa.String(16), nullable=False, server_default="objection"),
        sa.Column("refers_to", sa.String(40), index=True),
        sa.Column("campaign", sa.String(100), index=True),
        sa.Column("answers", sa.Text),
        sa.Column("with_access", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("proof_file", sa.String(4096)),
        sa.Column("proof_sha256", sa.String(64)),
        sa.Column("answered_on", sa.Date),
        sa.Column("outcome", sa.String(8)),
        sa.Column("answer_file", sa.String(4096)),
        sa.Column("answer_sha256", sa.String(64)),
    )


def _private_sqlite(url: str) -> None:
    """A new SQLite register is created owner-only, in a folder only its owner can read."""
    if not url.startswith("sqlite:///"):
        return
    from generator.base.files import make_private_dir

    path = Path(url.removeprefix("sqlite:///"))
    make_private_dir(path.parent)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def _engine(url: str) -> Any:
    """An engine for ``url``. SQLite: writers wait for each other (up to 30 s) and take the
    write lock when they begin, so two processes updating one campaign never fail or lose an
    update. PostgreSQL: through psycopg (3), whatever driver the URL names by default."""
    import sqlalchemy as sa

    if url.startswith(("postgresql://", "postgres://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
        try:
            import psycopg  # noqa: F401
        except ImportError:
            raise ObjectionError(
                N_(
                    "A PostgreSQL register needs the psycopg driver: pip install "
                    "'gdpr-objection[postgresql]'."
                )
            ) from None
    if not url.startswith("sqlite"):
        # No pool: each command opens, works and closes; nothing is left open at exit.
        return sa.create_engine(url, poolclass=sa.pool.NullPool)
    engine = sa.create_engine(url, connect_args={"timeout": 30})

    @sa.event.listens_for(engine, "connect")
    def _no_driver_transactions(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # the BEGIN below is ours

    @sa.event.listens_for(engine, "begin")
    def _begin_immediate(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


_MIGRATING = threading.Lock()


class Register:
    """The register at ``url`` (see :func:`location`), its schema brought up to date."""

    def __init__(self, where: str | Path | None = None):
        import sqlalchemy as sa

        self.url = location(where)
        try:
            _private_sqlite(self.url)
            self.engine = _engine(self.url)
            self._upgrade()
        except (OSError, sa.exc.SQLAlchemyError) as exc:
            raise ObjectionError(
                N_(
                    "The register %(where)s cannot be opened (%(reason)s): give another with "
                    "--register, or check the folder's permissions."
                ),
                where=self.url.removeprefix("sqlite:///"),
                reason=str(getattr(exc, "orig", None) or exc).splitlines()[0],
            ) from None

    def _revision(self) -> str | None:
        import sqlalchemy as sa

        with self.engine.connect() as conn:
            if not sa.inspect(conn).has_table("alembic_version"):
                return None
            value = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
            return None if value is None else str(value)

    def _upgrade(self) -> None:
        if self._revision() == HEAD:
            return
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
        # Alembic's migration context is global to the process: one migration at a time.
        with _MIGRATING, self.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")

    def record(self, record: Record) -> None:
        """Add a letter, or replace the one with the same reference (made again)."""
        self.record_many([record])

    def record_many(self, records: Iterable[Record]) -> None:
        """Add or replace several letters in one transaction (a batch's, a few at a time).

        A letter made again keeps how and when it left, and the answer it got.
        """
        table = _table()
        with self.engine.begin() as conn:
            for record in records:
                values = {f.name: getattr(record, f.name) for f in fields(record)}
                previous = self._get(conn, record.reference)
                if previous is not None:
                    values.update({name: getattr(previous, name) for name in _KEPT})
                    conn.execute(table.delete().where(table.c.reference == record.reference))
                conn.execute(table.insert().values(**values))

    def _get(self, conn: Any, reference: str) -> Record | None:
        table = _table()
        row = conn.execute(table.select().where(table.c.reference == reference)).first()
        return _record(row) if row else None

    def find(self, reference: str) -> Record | None:
        with self.engine.connect() as conn:
            return self._get(conn, reference)

    def get(self, reference: str | None, *, kinds: tuple[str, ...] = KINDS) -> Record:
        """The letter ``reference``; without one, the only letter of ``kinds`` (else an error
        that names the latest)."""
        record = self.find(reference) if reference else self._only(kinds)
        if record is None or record.kind not in kinds:
            raise InvalidInput(
                N_(
                    "No letter with reference %(reference)s is in the register: see "
                    "objection status."
                ),
                reference=reference or "?",
            )
        return record

    def latest(self, email: str, controller: str, kind: str = "objection") -> Record | None:
        """The member's latest letter of ``kind`` to ``controller``."""
        table = _table()
        query = (
            table.select()
            .where(
                table.c.email == email.lower(),
                table.c.controller == controller,
                table.c.kind == kind,
            )
            .order_by(table.c.letter_date.desc(), table.c.made_at.desc())
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        return _record(row) if row else None

    def letters(
        self, *, campaign: str | None = None, kinds: tuple[str, ...] = KINDS
    ) -> Iterator[Record]:
        """The letters, oldest first: of one campaign, of some kinds."""
        table = _table()
        query = table.select().where(table.c.kind.in_(kinds)).order_by(table.c.made_at)
        if campaign is not None:
            query = query.where(table.c.campaign == campaign)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        for row in rows:
            yield _record(row)

    def following(self, reference: str) -> dict[str, Record]:
        """What followed the letter ``reference``: its follow-up and complaint, by kind."""
        table = _table()
        with self.engine.connect() as conn:
            rows = conn.execute(table.select().where(table.c.refers_to == reference)).all()
        return {record.kind: record for record in map(_record, rows)}

    def campaigns(self) -> list[str]:
        """The names of the campaigns in the register (the batches'), sorted."""
        import sqlalchemy as sa

        table = _table()
        query = sa.select(table.c.campaign).distinct().where(table.c.campaign.is_not(None))
        with self.engine.connect() as conn:
            return sorted(str(name) for name in conn.execute(query).scalars())

    def mark_sent(
        self,
        reference: str | None,
        on: dt.date,
        via: str,
        *,
        proof: Path | None = None,
    ) -> Record:
        """Record how and when a letter left (and the proof of it: a postal receipt, a PEC
        receipt, the form's confirmation); without a reference, the only or latest one."""
        return self._dated_update(
            self.get(reference),
            on,
            N_("--on %(on)s is before the letter's date (%(date)s): give the day it left."),
            {"sent_on": on, "sent_via": via},
            ("proof", proof),
        )

    def mark_campaign_sent(self, campaign: str, on: dt.date, via: str) -> int:
        """Record that a campaign's letters not yet sent left on ``on`` (those made by then);
        how many. One statement: another operator's updates meanwhile are not overwritten."""
        table = _table()
        with self.engine.begin() as conn:
            result = conn.execute(
                table.update()
                .where(
                    table.c.campaign == campaign,
                    table.c.kind == "objection",
                    table.c.sent_on.is_(None),
                    table.c.letter_date <= on,
                )
                .values(sent_on=on, sent_via=via)
            )
        return int(result.rowcount)

    def mark_answered(
        self,
        reference: str | None,
        on: dt.date,
        outcome: str,
        *,
        answer: Path | None = None,
    ) -> Record:
        """Record the controller's answer to an objection or access request."""
        return self._dated_update(
            self.get(reference, kinds=("objection", "access")),
            on,
            N_("--on %(on)s is before the letter's date (%(date)s): give the day the answer came."),
            {"answered_on": on, "outcome": outcome},
            ("answer", answer),
        )

    def _dated_update(
        self,
        record: Record,
        on: dt.date,
        too_early: str,
        values: dict[str, Any],
        kept: tuple[str, Path | None],
    ) -> Record:
        """``values`` into ``record``, dated ``on`` (not before the letter), with the file it
        names kept by path and SHA-256 (``kept``: "proof" or "answer", and the file)."""
        if on < record.letter_date:
            raise InvalidInput(too_early, on=on.isoformat(), date=record.letter_date.isoformat())
        name, file = kept
        if file is not None:
            values.update(
                {f"{name}_file": str(file.resolve()), f"{name}_sha256": file_sha256(file)}
            )
        return self._update(record.reference, values)

    def _update(self, reference: str, values: dict[str, Any]) -> Record:
        table = _table()
        with self.engine.begin() as conn:
            conn.execute(table.update().where(table.c.reference == reference).values(**values))
            updated = self._get(conn, reference)
        assert updated is not None
        return updated

    def _only(self, kinds: tuple[str, ...] = KINDS) -> Record | None:
        records = list(self.letters(kinds=kinds))
        if len(records) > 1:
            raise InvalidInput(
                N_(
                    "The register holds %(count)d letters: say which one, like %(reference)s "
                    "(objection status lists them)."
                ),
                count=len(records),
                reference=records[-1].reference,
            )
        return records[0] if records else None


#: What a letter made again keeps of the one it replaces.
_KEPT = (
    "sent_on",
    "sent_via",
    "proof_file",
    "proof_sha256",
    "answered_on",
    "outcome",
    "answer_file",
    "answer_sha256",
)


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file the user named (an answer, a receipt); a clear error if unreadable."""
    import hashlib

    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError as exc:
        raise InvalidInput(
            N_("Cannot read %(path)s (%(reason)s): check the path."),
            path=path,
            reason=exc.strerror or str(exc),
        ) from None


def _record(row: Any) -> Record:
    values = dict(row._mapping)
    made = values["made_at"]
    if made.tzinfo is None:  # SQLite keeps no time zone: the register writes UTC
        values["made_at"] = made.replace(tzinfo=dt.UTC)
    values["with_access"] = bool(values["with_access"])
    return Record(**values)


def record_for(
    answers: Any,
    document: Any,
    path: Path | str,
    *,
    kind: str = "objection",
    refers_to: str | None = None,
    campaign: str | None = None,
) -> Record:
    """The register's entry for ``document`` (a rendered letter) written to ``path``."""
    import hashlib
    import json

    letter = document.letter
    kept = answers.model_dump(mode="json", exclude={"objection": {"grounds", "grounds_short"}})
    return Record(
        reference=letter.reference,
        name=answers.person.name,
        email=answers.person.email.lower(),
        controller=answers.controller,
        regime=letter.law.law,
        locale=letter.locale,
        letter_date=letter.date,
        file=str(Path(path).resolve()),
        sha256=hashlib.sha256(document.data).hexdigest(),
        made_at=dt.datetime.now(dt.UTC),
        kind=kind,
        refers_to=refers_to,
        campaign=campaign,
        answers=json.dumps(kept, ensure_ascii=False, sort_keys=True),
        with_access=getattr(letter, "with_access", False),
    )


#: The grounds are not kept: what is rebuilt from the register says this instead, and no
#: document made from the register quotes them.
GROUNDS_NOT_KEPT = "(The grounds are in the letter; the register does not keep them.)"


def stored_answers(record: Record) -> dict[str, Any]:
    """The answers the register kept with ``record``, as a mapping (grounds excepted)."""
    import json

    if not record.answers:
        raise InvalidInput(
            N_(
                "The register does not hold the answers of %(reference)s (made by an older "
                "version): give them with --answers FILE."
            ),
            reference=record.reference,
        )
    data: dict[str, Any] = json.loads(record.answers)
    return data


def answers_of(record: Record) -> Any:
    """The answers ``record`` was made from, rebuilt from the register (grounds excepted)."""
    from generator.answers.reading import answers_from_mapping

    data = stored_answers(record)
    data.setdefault("objection", {})["grounds"] = GROUNDS_NOT_KEPT
    data = _without_none(data)
    return answers_from_mapping(data, source=record.reference)


def _without_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_none(v) for k, v in value.items() if v is not None}
    return value
