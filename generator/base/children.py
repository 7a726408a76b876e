"""Child processes (batch workers, the renderer) die with their parent."""

from __future__ import annotations

import os
import signal
import sys


def die_with_parent(parent: int) -> None:
    """A child must not outlive its parent (kill -9 of the batch): the kernel kills it."""
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)
