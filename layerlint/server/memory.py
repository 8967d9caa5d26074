"""Handing memory back between analyses, once the answer is out.

An analysis allocates the project anew (at 20,000 modules about 100 MB) and frees it
before the next; the C heap keeps the pages it freed, scattered between what the server
holds (the scan cache, the memo), so that the resident set grows from edit to edit. glibc's
`malloc_trim` returns the free pages; elsewhere (musl, macOS, Windows) nothing is done.
What the analysis left alive was set aside from the garbage collector (gc_pause.py) so
that it answered sooner: it is handed back to the collector here.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc


@functools.cache
def _trim():
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):  # not glibc
        return None


def release() -> None:
    """Return the C heap's free pages to the system, where the C library can, and what
    the last analysis left alive to the garbage collector."""
    gc.unfreeze()
    trim = _trim()
    if trim is not None:
        trim(0)
