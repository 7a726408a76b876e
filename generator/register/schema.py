"""The register's schema, stated once: one declarative dataclass is the ``letters`` table and
the record callers read.

It matches what the migrations (``migrations/versions``) made, column for column: a test runs
Alembic's autogenerate comparison against a register migrated to head and finds nothing. A
change here is a new migration there (never an edited one: old registers are migrated in
place).

This module imports SQLAlchemy and its ORM (a fifth of a second): the store imports it inside
its functions, when a register is opened (in a thread, while a letter's PDF is made); what
reads a record (:mod:`generator.documents.after`) runs once the register is open.
"""

# No ``from __future__ import annotations``: SQLAlchemy 2.0.0 cannot read a ``Literal`` alias
# back from a string annotation.
import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, MappedAsDataclass, mapped_column

from generator.register.terms import Kind, Outcome, Via


class Base(MappedAsDataclass, DeclarativeBase):
    """The register's tables: declarative dataclasses."""


class UTCDateTime(sa.TypeDecorator[dt.datetime]):
    """A moment, written in UTC and read back with its time zone (SQLite keeps none)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    @property
    def python_type(self) -> type[dt.datetime]:
        # SQLAlchemy 2.0.0's TypeDecorator does not ask its impl (later versions do).
        return dt.datetime

    def process_bind_param(
        self, value: dt.datetime | None, dialect: sa.Dialect
    ) -> dt.datetime | None:
        if value is not None and value.tzinfo is not None:
            return value.astimezone(dt.UTC)
        return value

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> dt.datetime | None:
        moment: dt.datetime | None = value
        if moment is not None and moment.tzinfo is None:
            return moment.replace(tzinfo=dt.UTC)
        return moment


class Record(Base):
    """One letter as the register knows it: who, what and when — never the member's grounds."""

    __tablename__ = "letters"

    # 0001_letters made these. The reference grew to 40 in 0002, but not on SQLite, which
    # ignores a VARCHAR's length (the schema test allows SQLite's 32).
    reference: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    email: Mapped[str] = mapped_column(sa.String(254), index=True)
    controller: Mapped[str] = mapped_column(sa.String(32))
    regime: Mapped[str] = mapped_column(sa.String(16))
    locale: Mapped[str] = mapped_column(sa.String(8))
    letter_date: Mapped[dt.date] = mapped_column(sa.Date)
    file: Mapped[str] = mapped_column(sa.String(4096))
    sha256: Mapped[str] = mapped_column(sa.String(64))
    made_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    sent_on: Mapped[dt.date | None] = mapped_column(sa.Date, default=None)
    sent_via: Mapped[Via | None] = mapped_column(sa.String(8), default=None)
    # 0002_after_the_letter added these.
    kind: Mapped[Kind] = mapped_column(
        sa.String(16), default="objection", server_default="objection"
    )
    #: A follow-up's or complaint's letter (its reference).
    refers_to: Mapped[str | None] = mapped_column(sa.String(40), index=True, default=None)
    campaign: Mapped[str | None] = mapped_column(sa.String(100), index=True, default=None)
    #: The answers the letter was made from, as JSON, without the grounds: what a follow-up,
    #: a complaint or an access request needs to write to the same people again (written by
    #: :func:`generator.register.kept.record_for`, read by ``stored_answers`` there).
    answers: Mapped[str | None] = mapped_column(sa.Text, default=None)
    with_access: Mapped[bool] = mapped_column(sa.Boolean, default=False, server_default=sa.false())
    proof_file: Mapped[str | None] = mapped_column(sa.String(4096), default=None)
    proof_sha256: Mapped[str | None] = mapped_column(sa.String(64), default=None)
    answered_on: Mapped[dt.date | None] = mapped_column(sa.Date, default=None)
    outcome: Mapped[Outcome | None] = mapped_column(sa.String(8), default=None)
    answer_file: Mapped[str | None] = mapped_column(sa.String(4096), default=None)
    answer_sha256: Mapped[str | None] = mapped_column(sa.String(64), default=None)
    # 0003_received added this.
    #: The day the recipient received the letter, where the member knows it (delivery proof,
    #: tracking, a PEC's or form's receipt). Without it, :func:`generator.deadlines.receipt`
    #: takes the sending day for a form, e-mail or PEC, and estimates a posted letter's.
    received_on: Mapped[dt.date | None] = mapped_column(sa.Date, default=None)
    # 0004_extension added these.
    #: An extension the controller announced: to which day, on which day, with reasons or
    #: not, and the announcement itself (:func:`generator.deadlines.answer_due` applies it).
    extended_to: Mapped[dt.date | None] = mapped_column(sa.Date, default=None)
    extension_announced_on: Mapped[dt.date | None] = mapped_column(sa.Date, default=None)
    extension_reasons: Mapped[bool | None] = mapped_column(sa.Boolean, default=None)
    extension_file: Mapped[str | None] = mapped_column(sa.String(4096), default=None)
    extension_sha256: Mapped[str | None] = mapped_column(sa.String(64), default=None)

    @property
    def awaits_answer(self) -> bool:
        """An objection or access request with no answer that decides anything."""
        return self.kind in ("objection", "access") and self.outcome in (None, "none")


#: The table, for Core statements (the upsert, the updates).
LETTERS: sa.Table = Base.metadata.tables["letters"]
