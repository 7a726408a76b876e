"""Writing output files so that each is either whole or absent, never half-written."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

#: Temporary names are ``.<final name>.<random>.part`` in the target folder.
PART_SUFFIX = ".part"


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file renamed into place; OSError if not."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=PART_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def clean_partial_files(folder: Path, finals: tuple[str, ...]) -> int:
    """Remove what a killed writer left for files named ``*<final>``; how many were removed."""
    removed = 0
    for final in finals:
        for stale in folder.glob(f".*{final}.*{PART_SUFFIX}"):
            stale.unlink(missing_ok=True)
            removed += 1
    return removed
