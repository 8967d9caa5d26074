"""`layerlint server`: the language server, over stdio (pygls: `layerlint[lsp]`).

A thin adapter like the flake8 plugin: the analysis is the engine's, what is shown is
outcome.shown's; the server holds the project between edits (session.py), speaks the
protocol (protocol.py) and converts diagnostics (convert.py).
"""

from __future__ import annotations

import sys

EXIT_ERROR = 2


def serve() -> int:
    """Run the server on stdin and stdout until the client says exit."""
    try:
        import pygls  # noqa: F401 - only to tell whether the extra is installed
    except ImportError:
        print("layerlint: the language server needs pygls: pip install 'layerlint[lsp]'",
              file=sys.stderr)
        return EXIT_ERROR
    from layerlint.server.protocol import make_server

    try:
        make_server().start_io()
    except SystemExit as exit_:  # pygls ends on the client's exit: 0 after a shutdown, else 1
        return exit_.code if isinstance(exit_.code, int) else EXIT_ERROR
    return 0
