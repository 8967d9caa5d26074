"""Python's own parser, with an outcome that does not depend on who calls it."""

from __future__ import annotations

import ast
import threading

# Python's parser gives up on deep nesting (RecursionError) after a number of levels
# counted from the depth of the code that calls it; a fresh thread starts at the same depth
# whoever asks, with room for the C stack such a parse takes.
_PARSE_STACK = 256 * 1024 * 1024


def parse_module(source: bytes | str) -> ast.Module:
    """`ast.parse`, with the same outcome whatever the caller's stack depth: a file too
    deep for the caller's stack is parsed again at the start of a fresh thread."""
    try:
        return ast.parse(source)
    except RecursionError:
        outcome: list[object] = []
        previous = threading.stack_size(_PARSE_STACK)
        try:
            thread = threading.Thread(target=_parse_into, args=(source, outcome))
            thread.start()
        finally:
            threading.stack_size(previous)
        thread.join()
        if isinstance(outcome[0], BaseException):
            raise outcome[0] from None
        return outcome[0]


def _parse_into(source: bytes | str, outcome: list[object]) -> None:
    try:
        outcome.append(ast.parse(source))
    except BaseException as error:  # noqa: BLE001 - handed to the waiting caller
        outcome.append(error)
