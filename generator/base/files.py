"""Writing output files so that each is either whole or absent, never half-written.

Letters hold personal data: files are created owner-only (0600) and folders 0700; a stricter
umask still wins, since the modes are given at creation, not forced afterwards.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any, BinaryIO

from generator.base.errors import ObjectionError
from generator.base.i18n import N_

#: Temporary names are ``.<final name>.<random>.part`` in the target folder.
PART_SUFFIX = ".part"


def make_private_dir(path: Path) -> None:
    """Create ``path`` and any missing parents as 0700 folders; existing ones are left alone."""
    missing = [p for p in (path, *path.parents) if not p.exists()]
    for folder in reversed(missing):
        folder.mkdir(mode=0o700, exist_ok=True)


def write_lines_atomically(path: Path, chunks: Iterable[bytes]) -> None:
    """Write ``chunks`` to ``path``, whole or not at all; OSError if it cannot.

    A new or regular file is written through a temporary file (created 0600 by mkstemp)
    renamed into place. What is not a plain file is never replaced: a symlink is followed (its
    target is written, the link kept), a FIFO or a device (``/dev/null``, ``/dev/stdout``) is
    written through, a folder is refused.
    """
    if path.is_symlink():
        path = path.resolve()
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if mode is not None and not stat.S_ISREG(mode):
        with path.open("wb") as fh:  # a FIFO, a character device: write through it
            for chunk in chunks:
                fh.write(chunk)
        return
    make_private_dir(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=PART_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            for chunk in chunks:
                fh.write(chunk)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path``, whole or not at all (0600); OSError if it cannot."""
    write_lines_atomically(path, (data,))


def write_file(path: Path, data: bytes) -> None:
    """:func:`write_atomically`, with a sentence instead of an OSError: what a user can act on."""
    try:
        write_atomically(path, data)
    except OSError as exc:
        raise ObjectionError(
            N_(
                "Could not write %(path)s (%(reason)s): check that the folder "
                "exists and is writable."
            ),
            path=path,
            reason=exc.strerror or str(exc),
        ) from exc


def clean_partial_files(folder: Path, finals: tuple[str, ...]) -> int:
    """Remove what a killed writer left for files named ``*<final>``; how many were removed."""
    removed = 0
    for final in finals:
        for stale in folder.glob(f".*{final}.*{PART_SUFFIX}"):
            stale.unlink(missing_ok=True)
            removed += 1
    return removed


def open_regular(path: Path, *, max_bytes: int) -> BinaryIO:
    """``path`` open for reading, which must be a regular file of at most ``max_bytes``.

    A FIFO would hang the command and a device (``/dev/zero``) never ends: they are refused
    before they are opened (a tape or a terminal may act on an open), and again once open,
    without waiting (``O_NONBLOCK``), in case the path changed meanwhile. A file too large to
    be what it claims is refused too. OSError (FileNotFoundError …) if unreadable.
    """
    _check_regular(path, os.stat(path), max_bytes)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    try:
        _check_regular(path, os.fstat(fd), max_bytes)
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _check_regular(path: Path, info: os.stat_result, max_bytes: int) -> None:
    from generator.base.errors import InvalidInput

    if not stat.S_ISREG(info.st_mode):
        raise InvalidInput(N_("%(path)s is not a regular file: give a file's path."), path=path)
    if info.st_size > max_bytes:
        raise too_large(path, max_bytes)


def too_large(path: Path, max_bytes: int) -> ObjectionError:
    """``path`` is over ``max_bytes`` (said in MB from a megabyte up, else in KB)."""
    from generator.base.errors import InvalidInput

    if max_bytes == MAX_ATTACHMENT_BYTES:
        return InvalidInput(
            N_(
                "%(path)s is over %(max)s, more than an authority takes: use a smaller copy "
                "(the pages that matter, a compressed scan)."
            ),
            code="file.too_large",
            path=path,
            max=size_text(max_bytes),
        )
    return InvalidInput(
        N_("%(path)s is over %(max)s, more than such a file can be."),
        code="file.too_large",
        path=path,
        max=size_text(max_bytes),
    )


def size_text(size: int) -> str:
    """A size as people say it: 25 MB, 256 KB."""
    return f"{size // MB} MB" if size >= MB else f"{size // 1024} KB"


def read_regular(path: Path, *, max_bytes: int) -> bytes:
    """The bytes of ``path``, which must be a regular file of at most ``max_bytes`` (see
    :func:`open_regular`); never more than that is read, whatever the file grew to."""
    with open_regular(path, max_bytes=max_bytes) as fh:
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise too_large(path, max_bytes)
    return data


MB = 1024 * 1024
#: The largest answer or proof of sending the register records and a complaint attaches. A
#: complaint reaches the authority through its web form, e-mail or PEC, whose limits run from a
#: few MB to a few tens of MB a message (common e-mail services refuse more than 25 MB): a
#: larger file would not reach it. A scanned answer or a postal receipt is well under 1 MB.
MAX_ATTACHMENT_BYTES = 25 * MB


def sha256_regular(path: Path, *, max_bytes: int = MAX_ATTACHMENT_BYTES) -> str:
    """The SHA-256 of a regular file of at most ``max_bytes``, read a megabyte at a time (see
    :func:`open_regular`)."""
    import hashlib

    digest, size = hashlib.sha256(), 0
    with open_regular(path, max_bytes=max_bytes) as fh:
        while chunk := fh.read(MB):
            size += len(chunk)
            if size > max_bytes:  # it grew since it was measured
                raise too_large(path, max_bytes)
            digest.update(chunk)
    return digest.hexdigest()


#: What a spreadsheet would read as a formula (OWASP, "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def spreadsheet_safe(value: Any) -> Any:
    """A cell a spreadsheet will show as text: a leading ' before formula characters."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
