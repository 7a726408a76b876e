"""What one server run holds: its settings, a private folder (0700) for what it keeps a while,
the downloads each browser session may take, the previews, and the register.

Nothing here is shared between two runs: the folder is removed when the server stops, and a
download or preview belongs to the browser session that made it.
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Previews kept in memory per run (the oldest go first).
PREVIEWS = 64


@dataclass(frozen=True)
class Settings:
    """How ``objection serve`` runs: what the command line chose."""

    #: The secret of the URL printed at start (``?token=…``).
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    #: Where letters, form texts, proofs and campaigns are written (like ``--out``).
    out_dir: Path = Path("out")
    #: The register (a path or a database URL; None: $OBJECTION_REGISTER, else the data folder).
    register: str | None = None
    host: str = "127.0.0.1"
    port: int = 0
    #: The operator's password, hashed (:func:`generator.web.security.hash_password`); None:
    #: the token alone lets a browser in.
    password_hash: str | None = field(default=None, repr=False)
    #: Further names the Host header may carry (a reverse proxy's).
    allowed_hosts: tuple[str, ...] = ()
    #: Cookies only over HTTPS (behind a TLS proxy).
    secure_cookies: bool = False
    #: The largest request body (an uploaded sheet, a proof) in bytes.
    max_upload_bytes: int = 16 * 1024 * 1024
    #: The most rows a campaign's sheet may have.
    max_rows: int = 5000
    #: Worker processes for a campaign (None: one per CPU).
    jobs: int | None = None

    @property
    def hosts(self) -> list[str]:
        """The names the Host header may carry."""
        local = ["127.0.0.1", "localhost"] if self.host in ("127.0.0.1", "localhost") else []
        return list(dict.fromkeys([self.host, *local, *self.allowed_hosts]))


@dataclass(frozen=True)
class Download:
    """A file this run made for one browser session."""

    path: Path
    filename: str
    media_type: str
    owner: str


class State:
    """One server run's state (see the module docstring)."""

    def __init__(self, settings: Settings):
        self.settings = settings
        # mkdtemp makes the folder 0700; what goes in is written 0600.
        self.private = Path(tempfile.mkdtemp(prefix="objection-serve-"))
        #: Signs the session cookie: a new run forgets every session.
        self.secret = secrets.token_urlsafe(32)
        #: One document at a time: the warm renderer takes one job over its pipe.
        self.making = threading.Lock()
        self._downloads: dict[str, Download] = {}
        self._previews: OrderedDict[str, tuple[str, bytes]] = OrderedDict()
        #: What a session made (a letter's downloads page, a campaign), by id.
        self.made: dict[str, tuple[str, Any]] = {}
        self.jobs: dict[str, Any] = {}
        self._register: Any = None
        self._register_lock = threading.Lock()

    def register(self) -> Any:
        """The register, opened once (SQLAlchemy's import is paid on the first page that
        needs it)."""
        with self._register_lock:
            if self._register is None:
                from generator import Register

                self._register = Register(self.settings.register)
            return self._register

    def keep(self, owner: str, thing: Any) -> str:
        """Keep ``thing`` for the session ``owner``; its id."""
        key = secrets.token_urlsafe(12)
        self.made[key] = (owner, thing)
        return key

    def kept(self, owner: str, key: str) -> Any:
        """What ``owner`` kept under ``key``, or None."""
        found = self.made.get(key)
        return found[1] if found and secrets.compare_digest(found[0], owner) else None

    def offer(self, owner: str, path: Path, filename: str, media_type: str) -> str:
        """A file ``owner`` may download; its id."""
        key = secrets.token_urlsafe(16)
        self._downloads[key] = Download(path, filename, media_type, owner)
        return key

    def download(self, owner: str, key: str) -> Download | None:
        """The download ``key`` if ``owner`` made it and it is still there."""
        found = self._downloads.get(key)
        if found is None or not secrets.compare_digest(found.owner, owner):
            return None
        return found if found.path.is_file() else None

    def private_file(self, name: str, data: bytes) -> Path:
        """``data`` in a new 0600 file of the private folder, under a folder of its own."""
        from generator import files

        path = self.private / secrets.token_hex(8) / name
        files.write_file(path, data)
        return path

    def preview(self, owner: str, html: bytes) -> str:
        """Keep a letter's HTML for its preview frame; its id."""
        key = secrets.token_urlsafe(12)
        self._previews[key] = (owner, html)
        while len(self._previews) > PREVIEWS:
            self._previews.popitem(last=False)
        return key

    def previewed(self, owner: str, key: str) -> bytes | None:
        found = self._previews.get(key)
        return found[1] if found and secrets.compare_digest(found[0], owner) else None

    def close(self) -> None:
        """Stop what still runs and remove the private folder."""
        for job in list(self.jobs.values()):
            job.stop()
        shutil.rmtree(self.private, ignore_errors=True)
