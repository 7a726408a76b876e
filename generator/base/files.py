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
from typing import Any

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


def read_regular(path: Path, *, max_bytes: int) -> bytes:
    """The bytes of ``path``, which must be a regular file of at most ``max_bytes``.

    A FIFO would hang the command and a device (``/dev/zero``) never ends: they are refused,
    as is a file too large to be what it claims. OSError (FileNotFoundError …) if unreadable.
    """
    from generator.base.errors import InvalidInput
    from generator.base.i18n import N_

    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise InvalidInput(N_("%(path)s is not a regular file: give a file's path."), path=path)
    if info.st_size > max_bytes:
        raise InvalidInput(
            N_("%(path)s is %(size)d KB, more than the %(max)d KB such a file can be."),
            path=path,
            size=info.st_size // 1024,
            max=max_bytes // 1024,
        )
    with path.open("rb") as fh:
        return fh.read(max_bytes + 1)[:max_bytes]


#: What a spreadsheet would read as a formula (OWASP, "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def spreadsheet_safe(value: Any) -> Any:
    """A cell a spreadsheet will show as text: a leading ' before formula characters."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
