"""Log records of publish workers reach stderr in the CLI's format.

A spawned worker starts with no handler on the ``sharekit`` logger, so its
warnings went through :data:`logging.lastResort` as bare messages, without
the ``sharekit: warning:`` prefix every other warning has. A worker now gets
the same one-line format, unless the embedding program configured logging
itself (then its root handlers decide, as in the parent process).
"""

from __future__ import annotations

import logging
import sys

__all__ = ["install"]


class _Prefixed(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        level = "warning" if record.levelno >= logging.WARNING else "note"
        return f"sharekit: {level}: {record.getMessage()}"


def install() -> None:
    """In a worker process: print sharekit's warnings as ``sharekit: warning: ...`` lines."""
    log = logging.getLogger("sharekit")
    if log.handlers or logging.getLogger().handlers:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Prefixed())
    handler.setLevel(logging.WARNING)
    log.addHandler(handler)
