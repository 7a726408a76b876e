"""The register of letters: what was made, when it left, what came back.

SQLite in the user's data folder by default (platformdirs: ``$XDG_DATA_HOME/objection`` on
Linux), another file with ``--register PATH`` or ``OBJECTION_REGISTER``; a database URL
(``postgresql://…``) for a register shared by several operators. One schema, the declarative
:class:`~generator.register.schema.Record`; Alembic migrations (``migrations/``) bring an
older register up to date. The register holds who, what and when — never the member's grounds.

SQLAlchemy is imported when the register is opened, not with this module: commands that never
touch the register start without it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.base.errors import InvalidInput, Msg, ObjectionError
from generator.base.i18n import N_
from generator.register.kept import GROUNDS_NOT_KEPT as GROUNDS_NOT_KEPT
from generator.register.kept import answers_of as answers_of
from generator.register.kept import record_for as record_for
from generator.register.kept import stored_answers as stored_answers
from generator.register.terms import KINDS as KINDS
from generator.register.terms import OUTCOMES as OUTCOMES
from generator.register.terms import SUFFIX as SUFFIX
from generator.register.terms import VIA as VIA
from generator.register.terms import Kind, Outcome, Via

if TYPE_CHECKING:
    from sqlalchemy import Connection, Insert, Select

    from generator.register.schema import Record as Record

#: The environment variable naming the register (a path or a database URL).
VARIABLE = "OBJECTION_REGISTER"
#: The newest migration: a register at this revision needs no Alembic at all.
HEAD = "0004_extension"


def __getattr__(name: str) -> Any:
    """:class:`Record`, the declarative model, imported when first taken (SQLAlchemy's ORM)."""
    if name == "Record":
        from generator.register.schema import Record

        return Record
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def default_location() -> Path:
    from platformdirs import user_data_path

    return user_data_path("objection", appauthor=False) / "register.sqlite"


def location(given: str | Path | None = None) -> str:
    """The register's URL: ``given``, else $OBJECTION_REGISTER, else the user's data folder."""
    chosen = str(given or os.environ.get(VARIABLE) or default_location())
    return chosen if "://" in chosen else f"sqlite:///{Path(chosen).expanduser()}"


def shown(url: str) -> str:
    """The register as messages and logs name it: a file's path, or a URL with its password
    masked (``postgresql://alice:***@host/db``), also where the query gives one."""
    if url.startswith("sqlite:///"):
        return url.removeprefix("sqlite:///")
    import sqlalchemy as sa

    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError:  # not a URL SQLAlchemy reads: mask what looks like one
        return re.sub(r"(://[^/:@]*:)[^/@]*@", r"\1***@", url.split("?", 1)[0])
    hidden = {k: "***" for k in parsed.query if k.lower() in ("password", "passfile")}
    return parsed.update_query_dict(hidden).render_as_string(hide_password=True)


def _scrubbed(text: str, url: str) -> str:
    """``text`` (a driver's error) with ``url`` shown masked and its password nowhere."""
    from urllib.parse import quote, unquote

    text = text.replace(url, shown(url))
    secrets = set(re.findall(r"://[^/:@]*:([^/@]*)@", url))
    secrets |= set(re.findall(r"[?&]password=([^&]*)", url, flags=re.IGNORECASE))
    for secret in {s for found in secrets for s in (found, unquote(found), quote(found))}:
        if secret:
            text = text.replace(secret, "***")
    return text


def _private_sqlite(url: str) -> None:
    """A new SQLite register is created owner-only, in a folder only its owner can read."""
    if not url.startswith("sqlite:///"):
        return
    from generator.base.files import make_private_dir

    path = Path(url.removeprefix("sqlite:///"))
    make_private_dir(path.parent)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def _engine(url: str, read_only: bool = False) -> Any:
    """An engine for ``url``. SQLite: writers wait for each other (up to 30 s) and take the
    write lock when they begin, so two processes updating one campaign never fail or lose an
    update. PostgreSQL: through psycopg (3), whatever driver the URL names by default.
    ``read_only``: nothing can be written (SQLite's ``mode=ro``, PostgreSQL's read-only
    transactions), so a register on a read-only share or mount can be read."""
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
    backend = sa.make_url(url).get_backend_name()
    if backend not in ("sqlite", "postgresql"):  # the upsert speaks their dialects alone
        raise sa.exc.ArgumentError(f"a register is kept in SQLite or PostgreSQL, not {backend}")
    if not url.startswith("sqlite"):
        # No pool: each command opens, works and closes; nothing is left open at exit.
        options = {"options": "-c default_transaction_read_only=on"} if read_only else {}
        return sa.create_engine(url, poolclass=sa.pool.NullPool, connect_args=options)
    if read_only:
        from generator.register.checks import read_only_sqlite

        engine = read_only_sqlite(Path(url.removeprefix("sqlite:///")))
    else:
        engine = sa.create_engine(url, connect_args={"timeout": 30})

    @sa.event.listens_for(engine, "connect")
    def _no_driver_transactions(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # the BEGIN below is ours

    @sa.event.listens_for(engine, "begin")
    def _begin_immediate(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


_MIGRATING = threading.Lock()


class Register:
    """The register at ``url`` (see :func:`location`), its schema brought up to date; with
    ``read_only``, only read (never created, migrated or written)."""

    def __init__(self, where: str | Path | None = None, *, read_only: bool = False):
        import sqlalchemy as sa

        # The model (SQLAlchemy's ORM) is imported here, where a letter opens the register in
        # a thread while its PDF is made, rather than when the letter is recorded.
        import generator.register.schema  # noqa: F401

        self.url, self.read_only = location(where), read_only
        #: Letters left out because a value in them cannot be read: reference → column.
        self.skipped: dict[str, str] = {}
        try:
            if not read_only:
                _private_sqlite(self.url)
            self.engine = _engine(self.url, read_only)
            self._upgrade()
        except (OSError, sa.exc.SQLAlchemyError) as exc:
            reason = str(getattr(exc, "orig", None) or exc)
            if isinstance(exc, OSError) and exc.strerror:
                reason = exc.strerror  # without the path, named already
            raise ObjectionError(
                N_(
                    "The register %(where)s cannot be opened (%(reason)s): name another "
                    "register, or check the folder's permissions."
                ),
                code="register.unavailable",
                where=shown(self.url),
                reason=_scrubbed(reason, self.url).splitlines()[0],
            ) from None

    def _revision(self) -> str | None:
        import sqlalchemy as sa

        with self.engine.connect() as conn:
            if not sa.inspect(conn).has_table("alembic_version"):
                return None
            value = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
            return None if value is None else str(value)

    def _upgrade(self) -> None:
        """Bring the register to ``HEAD``, unless it is there already; one this version does
        not know, or is damaged, is left as it is (and said so)."""
        from generator.register.checks import cannot_update, check_schema, known_revision

        revision = self._revision()
        if revision == HEAD:
            check_schema(self.engine, shown(self.url), revision=revision)
            return
        if revision is not None:
            known_revision(revision, shown(self.url))
        elif _has_table(self.engine, "letters"):  # letters, but no revision: not made by us
            check_schema(self.engine, shown(self.url), revision=None)
        if self.read_only and self.engine.url.database:
            raise cannot_update(shown(self.url))
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
        # Alembic's migration context is global to the process: one migration at a time.
        with _MIGRATING, self.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
        check_schema(self.engine, shown(self.url), revision=HEAD)

    def notes(self) -> list[Msg]:
        """What reading the register left out: a message for each letter it could not read."""
        from generator.register.checks import bad_row

        where = shown(self.url)
        return [bad_row(where, ref, column) for ref, column in sorted(self.skipped.items())]

    def record(self, record: Record) -> None:
        """Add a letter, or replace the one with the same reference (made again)."""
        self.record_many([record])

    def record_many(self, records: Iterable[Record]) -> None:
        """Add or replace several letters in one transaction (a batch's, a few at a time).

        A letter made again keeps how and when it left, and the answer it got.
        """
        from generator.register.schema import LETTERS

        # One row a reference, the last given: a driver may send them as one statement, where
        # PostgreSQL's ON CONFLICT cannot update a row twice.
        rows = {
            record.reference: {column.key: getattr(record, column.key) for column in LETTERS.c}
            for record in records
        }
        if rows:
            with self.engine.begin() as conn:
                conn.execute(_upsert(conn.dialect.name), list(rows.values()))

    def find(self, reference: str) -> Record | None:
        from generator.register.schema import Record

        with self.engine.connect() as conn:
            return _first(conn, _select().where(Record.reference == reference))

    def get(self, reference: str | None, *, kinds: tuple[Kind, ...] = KINDS) -> Record:
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

    def latest(self, email: str, controller: str, kind: Kind = "objection") -> Record | None:
        """The member's latest letter of ``kind`` to ``controller``."""
        from generator.register.schema import Record

        query = (
            _select()
            .where(
                Record.email == email.lower(),
                Record.controller == controller,
                Record.kind == kind,
            )
            .order_by(Record.letter_date.desc(), Record.made_at.desc())
        )
        with self.engine.connect() as conn:
            return _first(conn, query)

    def letters(
        self, *, campaign: str | None = None, kinds: tuple[Kind, ...] = KINDS
    ) -> Iterator[Record]:
        """The letters, oldest first: of one campaign, of some kinds."""
        from generator.register.schema import Record

        query = _select().where(Record.kind.in_(kinds)).order_by(Record.made_at)
        if campaign is not None:
            query = query.where(Record.campaign == campaign)
        with self.engine.connect() as conn:
            yield from _all(conn, query, self.skipped)

    def following(self, reference: str) -> dict[str, Record]:
        """What followed the letter ``reference``: its follow-up and complaint, by kind."""
        from generator.register.schema import Record

        with self.engine.connect() as conn:
            records = _all(conn, _select().where(Record.refers_to == reference), self.skipped)
        return {record.kind: record for record in records}

    def campaigns(self) -> list[str]:
        """The names of the campaigns in the register (the batches'), sorted."""
        import sqlalchemy as sa

        from generator.register.schema import Record

        query = sa.select(Record.campaign).distinct().where(Record.campaign.is_not(None))
        with self.engine.connect() as conn:
            return sorted(str(name) for name in conn.execute(query).scalars())

    def mark_sent(
        self,
        reference: str | None,
        on: dt.date,
        via: Via,
        *,
        proof: Path | None = None,
        received: dt.date | None = None,
    ) -> Record:
        """Record how and when a letter left (and the proof of it: a postal receipt, a PEC
        receipt, the form's confirmation) and, if known, the day it was ``received``; without a
        reference, the only or latest one. A sending recorded again replaces the last one, the
        day of receipt with it."""
        _received_after_sending(received, on)
        return self._dated_update(
            self.get(reference),
            on,
            N_("%(on)s is before the letter's date (%(date)s): give the day it left."),
            {"sent_on": on, "sent_via": via, "received_on": received},
            ("proof", proof),
        )

    def mark_received(self, reference: str | None, on: dt.date) -> Record:
        """Record the day a letter already recorded as sent was received (a delivery proof,
        tracking, a receipt)."""
        record = self.get(reference)
        if record.sent_on is None:
            raise InvalidInput(
                N_(
                    "%(reference)s is not recorded as sent: record when and how it left first, "
                    "then the day it was received."
                ),
                code="register.not_sent",
                reference=record.reference,
            )
        _received_after_sending(on, record.sent_on)
        return self._update(record.reference, {"received_on": on})

    def mark_campaign_sent(
        self, campaign: str, on: dt.date, via: Via, received: dt.date | None = None
    ) -> int:
        """Record that a campaign's letters not yet sent left on ``on`` (those made by then),
        received on ``received`` if known; how many. One statement: another operator's updates
        meanwhile are not overwritten."""
        from generator.register.schema import LETTERS

        _received_after_sending(received, on)
        with self.engine.begin() as conn:
            result = conn.execute(
                LETTERS.update()
                .where(
                    LETTERS.c.campaign == campaign,
                    LETTERS.c.kind == "objection",
                    LETTERS.c.sent_on.is_(None),
                    LETTERS.c.letter_date <= on,
                )
                .values(sent_on=on, sent_via=via, received_on=received)
            )
        return int(result.rowcount)

    def mark_answered(
        self,
        reference: str | None,
        on: dt.date,
        outcome: Outcome,
        *,
        answer: Path | None = None,
    ) -> Record:
        """Record the controller's answer to an objection or access request."""
        return self._dated_update(
            self.get(reference, kinds=("objection", "access")),
            on,
            N_("%(on)s is before the letter's date (%(date)s): give the day the answer came."),
            {"answered_on": on, "outcome": outcome},
            ("answer", answer),
        )

    def mark_extended(
        self,
        reference: str | None,
        to: dt.date,
        announced_on: dt.date,
        *,
        reasons: bool,
        announcement: Path | None = None,
    ) -> Record:
        """Record that the controller announced on ``announced_on`` an extension of the time to
        answer an objection or access request to ``to`` (with ``reasons`` or not), and the
        announcement itself. Recorded again, it replaces the last one."""
        record = self.get(reference, kinds=("objection", "access"))
        if to <= announced_on:
            raise InvalidInput(
                N_(
                    "An extension runs to a day after the one it was announced on (%(on)s), "
                    "not to %(to)s: give the day the controller said it would answer by."
                ),
                code="register.extension_before",
                to=to,
                on=announced_on,
            )
        return self._dated_update(
            record,
            announced_on,
            N_("%(on)s is before the letter's date (%(date)s): give the day it was announced."),
            {
                "extended_to": to,
                "extension_announced_on": announced_on,
                "extension_reasons": reasons,
            },
            ("extension", announcement),
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
            raise InvalidInput(
                too_early,
                code="register.before_letter",
                on=on,
                date=record.letter_date,
            )
        name, file = kept
        if file is not None:
            values.update(
                {f"{name}_file": str(file.resolve()), f"{name}_sha256": file_sha256(file)}
            )
        return self._update(record.reference, values)

    def _update(self, reference: str, values: dict[str, Any]) -> Record:
        from generator.register.schema import LETTERS, Record

        with self.engine.begin() as conn:
            conn.execute(LETTERS.update().where(LETTERS.c.reference == reference).values(values))
            updated = _first(conn, _select().where(Record.reference == reference))
        assert updated is not None
        return updated

    def _only(self, kinds: tuple[Kind, ...] = KINDS) -> Record | None:
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

    def check_campaign(self, campaign: str) -> None:
        """InvalidInput naming the campaigns there are, unless ``campaign`` is one of them: a
        campaign mistyped is not a campaign with nothing to do."""
        known = self.campaigns()
        if campaign not in known:
            raise InvalidInput(
                N_("No campaign %(name)s in the register (campaigns: %(known)s)."),
                code="register.no_campaign",
                name=campaign,
                known=", ".join(known) or "—",
            )


def _received_after_sending(received: dt.date | None, sent: dt.date) -> None:
    """A letter is received on the day it left or later."""
    if received is not None and received < sent:
        raise InvalidInput(
            N_(
                "%(received)s is before the day the letter left (%(sent)s): give the day it was "
                "received."
            ),
            code="register.received_before_sent",
            received=received,
            sent=sent,
        )


def _select() -> Select[tuple[Record]]:
    import sqlalchemy as sa

    from generator.register.schema import Record

    return sa.select(Record)


def _all(
    conn: Connection, query: Select[tuple[Record]], skipped: dict[str, str] | None = None
) -> list[Record]:
    """The records ``query`` selects, read through the model on ``conn`` (in its transaction,
    if it has begun one); they stay readable once the connection is closed. A row the model
    cannot read is left out into ``skipped`` (without it: an error naming it)."""
    from generator.register.checks import read_records

    return read_records(conn, query, skipped)


def _first(conn: Connection, query: Select[tuple[Record]]) -> Record | None:
    records = _all(conn, query.limit(1))
    return records[0] if records else None


def _upsert(dialect: str) -> Insert:
    """INSERT … ON CONFLICT (reference) DO UPDATE, in the dialect's own words: a letter made
    again takes the new values, except how and when it left and the answer it got (:data:`_KEPT`).
    One statement: no moment when the letter is missing, nothing read before it is written."""
    from sqlalchemy.dialects import postgresql, sqlite

    from generator.register.schema import LETTERS

    insert: postgresql.Insert | sqlite.Insert = (
        postgresql.insert(LETTERS) if dialect == "postgresql" else sqlite.insert(LETTERS)
    )
    replaced = [c.key for c in LETTERS.c if not c.primary_key and c.key not in _KEPT]
    return insert.on_conflict_do_update(
        index_elements=[LETTERS.c.reference],
        set_={key: insert.excluded[key] for key in replaced},
    )


#: What a letter made again keeps of the one it replaces.
_KEPT = (
    "sent_on",
    "sent_via",
    "received_on",
    "proof_file",
    "proof_sha256",
    "answered_on",
    "outcome",
    "answer_file",
    "answer_sha256",
)


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file the user named (an answer, a receipt); a clear error if it is
    unreadable, not a regular file (a FIFO, a device) or larger than an authority takes
    (:data:`generator.base.files.MAX_ATTACHMENT_BYTES`)."""
    from generator.base.files import sha256_regular

    try:
        return sha256_regular(path)
    except OSError as exc:
        raise InvalidInput(
            N_("Cannot read %(path)s (%(reason)s): check the path."),
            path=path,
            reason=exc.strerror or str(exc),
        ) from None


def _has_table(engine: Any, table: str) -> bool:
    import sqlalchemy as sa

    with engine.connect() as conn:
        return bool(sa.inspect(conn).has_table(table))


def _guarded(method: Callable[..., Any]) -> Callable[..., Any]:
    """``method`` of :class:`Register`, its database failures said in one sentence naming the
    register (never a statement or a password): a table gone since it was opened, a server
    gone, a row that cannot be read, a register that cannot be written."""
    import functools
    import inspect

    def failure(register: Register, exc: Exception) -> Exception:
        from sqlalchemy.exc import SQLAlchemyError

        from generator.register.checks import BadRow

        if isinstance(exc, BadRow):
            return exc.error(shown(register.url))
        if not isinstance(exc, SQLAlchemyError):
            return exc
        return ObjectionError(
            N_(
                "The register %(where)s could not be read or written (%(reason)s): check that "
                "it is reachable and that you may write to it."
            ),
            code="register.failed",
            where=shown(register.url),
            reason=_scrubbed(str(getattr(exc, "orig", None) or exc), register.url).splitlines()[0],
        )

    if inspect.isgeneratorfunction(method):

        @functools.wraps(method)
        def generator(self: Register, *args: Any, **kwargs: Any) -> Iterator[Any]:
            try:
                yield from method(self, *args, **kwargs)
            except Exception as exc:
                raise failure(self, exc) from None

        return generator

    @functools.wraps(method)
    def guarded(self: Register, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:
            raise failure(self, exc) from None

    return guarded


for _name, _method in list(vars(Register).items()):
    if callable(_method) and not _name.startswith("_"):
        setattr(Register, _name, _guarded(_method))
