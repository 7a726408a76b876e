"""Writing output files so that each is either whole or absent, never half-written.

Letters hold personal data: files are created owner-only (0600) and folders 0700; a stricter
umask still wins, since the modes are given at creation, not forced afterwards.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

#: Temporary names are ``.<final name>.<random>.part`` in the target folder.
PART_SUFFIX = ".part"


def make_private_dir(path: Path) -> None:
    """Create ``path`` (and its parents) as 0700 folders; an existing folder is left as it is."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)


def write_lines_atomically(path: Path, chunks: Iterable[bytes]) -> None:
    """Write ``chunks`` to ``path`` through a temporary file renamed into place; OSError if not.

    mkstemp creates the file 0600.
    """
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


def clean_partial_files(folder: Path, finals: tuple[str, ...]) -> int:
    """Remove what a killed writer left for files named ``*<final>``; how many were removed."""
    removed = 0
    for final in finals:
        for stale in folder.glob(f".*{final}.*{PART_SUFFIX}"):
            stale.unlink(missing_ok=True)
            removed += 1
    return removed
