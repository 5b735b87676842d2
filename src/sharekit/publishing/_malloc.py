"""Memory tuning for sharekit's own processes that render many cards."""

from __future__ import annotations

import sys

_M_TRIM_THRESHOLD = -1  # glibc's mallopt parameter numbers (malloc.h)
_M_MMAP_THRESHOLD = -3


def keep_freed_memory() -> None:
    """Let glibc reuse the memory a card frees instead of returning it to the kernel.

    A card allocates and frees a few MB of image and encoder buffers. In a
    process with a small heap (a fresh publish worker) glibc hands that memory
    back after every card (heap trim, munmap) and takes it again for the next
    one as fresh zeroed pages: ~1,500 page faults per card, measured at 25% of
    a worker's CPU time. Fixed thresholds (mmap above 32 MB, trim above 64 MB
    free) keep it for reuse; RSS then stays at its high-water mark.

    Called where cards are rendered in bulk: in publish's worker processes,
    and by :func:`sharekit.publish` itself when it renders in the calling
    process (one worker). A process-wide setting, never undone: a host
    application that publishes with one worker keeps it. Elsewhere than
    glibc it does nothing.
    """
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # a libc without mallopt
        return
    mallopt(_M_MMAP_THRESHOLD, 32 << 20)
    mallopt(_M_TRIM_THRESHOLD, 64 << 20)
