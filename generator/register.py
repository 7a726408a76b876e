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
from collections.abc import Iterator
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path
from typing import Any

from generator.errors import InvalidInput, ObjectionError
from generator.i18n import N_

#: The environment variable naming the register (a path or a database URL).
VARIABLE = "OBJECTION_REGISTER"
#: The newest migration: a register at this revision needs no Alembic at all.
HEAD = "0001_letters"
VIA = ("form", "post", "email", "pec")


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

    @property
    def starts(self) -> dt.date:
        """The day the answer's month runs from: when it left, else the letter's date."""
        return self.sent_on or self.letter_date


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
        sa.Column("reference", sa.String(32), primary_key=True),
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
    )


def _private_sqlite(url: str) -> None:
    """A new SQLite register is created owner-only, in a folder only its owner can read."""
    if not url.startswith("sqlite:///"):
        return
    from generator.files import make_private_dir

    path = Path(url.removeprefix("sqlite:///"))
    make_private_dir(path.parent)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


class Register:
    """The register at ``url`` (see :func:`location`), its schema brought up to date."""

    def __init__(self, where: str | Path | None = None):
        import sqlalchemy as sa

        self.url = location(where)
        try:
            _private_sqlite(self.url)
            self.engine = sa.create_engine(self.url)
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
            return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()

    def _upgrade(self) -> None:
        if self._revision() == HEAD:
            return
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
        with self.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")

    def record(self, record: Record) -> None:
        """Add a letter, or replace the one with the same reference (made again)."""
        table = _table()
        values = {f.name: getattr(record, f.name) for f in fields(record)}
        with self.engine.begin() as conn:
            previous = self._get(conn, record.reference)
            if previous is not None:  # made again: how and when it left still stands
                values.update(sent_on=previous.sent_on, sent_via=previous.sent_via)
                conn.execute(table.delete().where(table.c.reference == record.reference))
            conn.execute(table.insert().values(**values))

    def _get(self, conn: Any, reference: str) -> Record | None:
        table = _table()
        row = conn.execute(table.select().where(table.c.reference == reference)).first()
        return _record(row) if row else None

    def find(self, reference: str) -> Record | None:
        with self.engine.connect() as conn:
            return self._get(conn, reference)

    def latest(self, email: str, controller: str) -> Record | None:
        """The member's latest letter to ``controller``."""
        table = _table()
        query = (
            table.select()
            .where(table.c.email == email.lower(), table.c.controller == controller)
            .order_by(table.c.letter_date.desc(), table.c.made_at.desc())
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        return _record(row) if row else None

    def letters(self) -> Iterator[Record]:
        table = _table()
        with self.engine.connect() as conn:
            for row in conn.execute(table.select().order_by(table.c.made_at)):
                yield _record(row)

    def mark_sent(self, reference: str | None, on: dt.date, via: str) -> Record:
        """Record how and when a letter left; without a reference, the only or latest one."""
        table = _table()
        record = self.find(reference) if reference else self._only()
        if record is None:
            raise InvalidInput(
                N_(
                    "No letter with reference %(reference)s is in the register: see "
                    "objection status."
                ),
                reference=reference or "?",
            )
        if on < record.letter_date:
            raise InvalidInput(
                N_("--on %(on)s is before the letter's date (%(date)s): give the day it left."),
                on=on.isoformat(),
                date=record.letter_date.isoformat(),
            )
        with self.engine.begin() as conn:
            conn.execute(
                table.update()
                .where(table.c.reference == record.reference)
                .values(sent_on=on, sent_via=via)
            )
        return self.find(record.reference) or record

    def _only(self) -> Record | None:
        records = list(self.letters())
        if len(records) > 1:
            raise InvalidInput(
                N_(
                    "The register holds %(count)d letters: say which one left, like objection "
                    "sent %(reference)s --on …"
                ),
                count=len(records),
                reference=records[-1].reference,
            )
        return records[0] if records else None


def _record(row: Any) -> Record:
    values = dict(row._mapping)
    made = values["made_at"]
    if made.tzinfo is None:  # SQLite keeps no time zone: the register writes UTC
        values["made_at"] = made.replace(tzinfo=dt.UTC)
    return Record(**values)
