"""Before a register is trusted: a revision this version knows, the table whole, and each row's
values readable by the model (:func:`read_records`).

A register may come from elsewhere — a newer objection, a colleague's copy, a file edited by
hand. What this version cannot read is said in one sentence naming the register, before
anything is made from it or written to it; a row it cannot read is left out and named.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.base.errors import Msg, ObjectionError, msg
from generator.base.i18n import N_
from generator.register.terms import KINDS, OUTCOMES, VIA

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine, Select

    from generator.register.schema import Record


def known_revision(revision: str, where: str) -> None:
    """``revision`` (the register's, not ours at head) is one of our migrations; else the
    register was written by a newer objection, and is left as it is."""
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    scripts = ScriptDirectory(str(Path(__file__).parent / "migrations"))
    try:
        found = scripts.get_revision(revision)
    except CommandError:
        found = None
    if found is None:
        raise ObjectionError(
            N_(
                "The register %(where)s was written by a newer version of objection (revision "
                "%(revision)s): upgrade objection to use it."
            ),
            code="register.newer",
            where=where,
            revision=revision,
        )


def cannot_update(where: str) -> ObjectionError:
    """A register opened for reading that an earlier objection wrote: it must be brought up
    to date first, which writes to it."""
    return ObjectionError(
        N_(
            "The register %(where)s is from an earlier version of objection and must be brought "
            "up to date before it can be read, which needs write access: use it once where it "
            "can be written."
        ),
        code="register.outdated",
        where=where,
    )


def damaged(where: str, problem: Msg) -> ObjectionError:
    return ObjectionError(
        N_(
            "The register %(where)s is damaged or is not objection's register (%(problem)s): "
            "name another register, or restore it from a backup."
        ),
        code="register.damaged",
        where=where,
        problem=problem,
    )


def check_schema(engine: Engine, where: str, *, revision: str | None) -> None:
    """The ``letters`` table has every column the model reads; else :func:`damaged`."""
    import sqlalchemy as sa

    from generator.register.schema import LETTERS

    with engine.connect() as conn:
        inspector = sa.inspect(conn)
        if not inspector.has_table(LETTERS.name):
            raise damaged(where, msg("it has no table %(table)s", table=LETTERS.name))
        columns = {column["name"] for column in inspector.get_columns(LETTERS.name)}
    lacking = [column.name for column in LETTERS.c if column.name not in columns]
    if lacking:
        raise damaged(
            where,
            msg(
                "its table %(table)s lacks %(columns)s",
                table=LETTERS.name,
                columns=", ".join(lacking),
            ),
        )
    if revision is None:
        raise damaged(where, msg("it has no migration revision"))


def read_only_sqlite(path: Path) -> Engine:
    """An engine that reads the SQLite file ``path`` and can never write it (``mode=ro``);
    a file not made yet is an empty register in memory (nothing is created)."""
    import sqlite3
    from urllib.parse import quote

    import sqlalchemy as sa

    if not path.exists():
        return sa.create_engine(
            "sqlite://",
            poolclass=sa.pool.StaticPool,
            connect_args={"check_same_thread": False},  # opened in a thread, read in another
        )
    uri = f"file:{quote(str(path))}?mode=ro"

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(uri, uri=True, timeout=30, check_same_thread=False)

    # The URL names the file (messages, the migration check); the creator opens it read-only.
    return sa.create_engine(f"sqlite:///{path}", creator=connect, poolclass=sa.pool.NullPool)


# --- rows ------------------------------------------------------------------------------------


class BadRow(Exception):
    """A row with a value the model cannot read: its reference and the column."""

    def __init__(self, reference: str, column: str):
        super().__init__(reference, column)
        self.reference, self.column = reference, column

    def error(self, where: str) -> ObjectionError:
        return ObjectionError(
            N_(
                "The register %(where)s holds a letter %(reference)s whose %(column)s cannot be "
                "read: correct or remove that row."
            ),
            code="register.bad_row",
            where=where,
            reference=self.reference,
            column=self.column,
        )


def bad_row(where: str, reference: str, column: str) -> Msg:
    """The note for a letter left out of what was read."""
    return msg(
        "The register %(where)s holds a letter %(reference)s whose %(column)s cannot be read: "
        "it is left out (correct or remove that row).",
        where=where,
        reference=reference,
        column=column,
    )


#: What a column may hold beyond its type.
_WORDS: dict[str, tuple[str, ...]] = {"kind": KINDS, "outcome": OUTCOMES, "sent_via": VIA}
#: Errors a column's type raises on a value it cannot read (SQLite keeps any text anywhere).
_UNREADABLE = (ValueError, TypeError, ArithmeticError)


def read_records(
    conn: Connection, query: Select[tuple[Record]], skipped: dict[str, str] | None = None
) -> list[Record]:
    """The records ``query`` selects, through the model, each checked: a row that cannot be
    read goes into ``skipped`` (reference → column) and is left out; without ``skipped``,
    :class:`BadRow`. At once when every row reads; else row by row."""
    from sqlalchemy.orm import Session

    records: list[Any]
    with Session(conn) as session:
        try:
            records = list(session.scalars(query))
        except _UNREADABLE:
            records = _row_by_row(conn, query)
    good: list[Record] = []
    for record in records:
        column = record if isinstance(record, BadRow) else _unsound(record)
        if column is None:
            good.append(record)
            continue
        bad = column if isinstance(column, BadRow) else BadRow(record.reference, column)
        if skipped is None:
            raise bad
        skipped[bad.reference] = bad.column
    return good


def _row_by_row(conn: Connection, query: Select[tuple[Record]]) -> list[Any]:
    """Each record ``query`` selects, or the :class:`BadRow` it is."""
    from sqlalchemy.orm import Session

    from generator.register.schema import LETTERS, Record

    found: list[Any] = []
    for reference in conn.execute(query.with_only_columns(Record.reference)).scalars().all():
        one = query.where(Record.reference == reference)
        try:
            with Session(conn) as session:
                found.extend(session.scalars(one))
        except _UNREADABLE:
            column = next(
                (c.key for c in LETTERS.c if not _readable(conn, c, reference)), "reference"
            )
            found.append(BadRow(reference, column))
    return found


def _readable(conn: Connection, column: Any, reference: str) -> bool:
    import sqlalchemy as sa

    from generator.register.schema import LETTERS

    try:
        conn.execute(sa.select(column).where(LETTERS.c.reference == reference)).all()
    except _UNREADABLE:
        return False
    return True


def _unsound(record: Record) -> str | None:
    """The first column whose value the model would not give (a type, a word, a NULL)."""
    from generator.register.schema import LETTERS

    for column in LETTERS.c:
        value = getattr(record, column.key)
        if value is None:
            if not column.nullable:
                return column.key
            continue
        expected = column.type.python_type
        if not isinstance(value, expected) or (
            expected is dt.date and isinstance(value, dt.datetime)
        ):
            return column.key
        if column.key in _WORDS and value not in _WORDS[column.key]:
            return column.key
        if column.key == "answers" and not _json_mapping(value):
            return column.key
    return None


def _json_mapping(text: str) -> bool:
    """Whether ``text`` is a JSON object (the answers a letter was made from)."""
    import json

    try:
        return isinstance(json.loads(text), dict)
    except (ValueError, RecursionError):
        return False
