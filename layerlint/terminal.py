"""What layerlint prints: text a terminal shows as it is, on a stdout that may not take it.

Contract names, module names and messages come from the checked project: an escape
character in them would drive the reader's terminal, and a character the output encoding
lacks (`PYTHONIOENCODING=ascii`) would stop the run. A report that cannot be written (a
full disk, a closed stdout) is one error line, never a traceback.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Iterator

from layerlint.errors import ConfigError

# C0 and C1 control characters and DEL; a tab shows as the blank it is.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def escape_controls(text: str) -> str:
    """`text` with each control character written as its escape (`\\x1b`, `\\n`)."""
    return _CONTROL.sub(lambda match: repr(match.group())[1:-1], text)


def prepare_stdout() -> None:
    """Before anything is printed: characters the encoding lacks are printed as escapes
    (`\\xe9`), and a closed stdout is an error before any work is done."""
    if sys.stdout is None:  # `layerlint check >&-`: Python leaves no stream at all
        _discard_stdout()
        raise ConfigError("cannot write the report: standard output is closed")
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="backslashreplace")


def write(text: str) -> None:
    """Print `text` now: a failure to deliver it is the run's error, said once."""
    with _delivering():
        sys.stdout.write(text)
        sys.stdout.flush()


def write_bytes(data: bytes) -> None:
    """Like `write`, for binary output (a rendered image)."""
    write("")  # text printed before comes first
    with _delivering():
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()


@contextlib.contextmanager
def _delivering() -> Iterator[None]:
    try:
        yield
    except BrokenPipeError:
        _discard_stdout()  # the reader went away (`| head`): nothing more to deliver
    except OSError as error:
        _discard_stdout()
        raise ConfigError(f"cannot write the report: {error}") from None


def _discard_stdout() -> None:
    """Drop what is still buffered: the stream failed, and a later flush would only fail
    again (with a second message, or a traceback at exit)."""
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the process
