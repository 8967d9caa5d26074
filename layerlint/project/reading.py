"""Reading a module file safely, and telling which files grimp's scanner must not be given.

A file named `x.py` can be anything: a named pipe (opening it waits for a writer), a link
to /dev/zero (reading never ends), a multi-gigabyte file, a broken link. Only regular files
of a bounded size are read, and a FIFO is opened without waiting.

grimp's Rust scanner cannot be trusted with every readable file either: some crash the
whole process (a stack overflow on an expression nested tens of thousands of levels deep)
or print a Rust panic on stderr (a relative import beyond the top-level package), and it
reads some files Python cannot compile (a NUL byte in a comment). `needs_python` finds
those cheaply, so that Python's parser reads them instead: their imports or their LL901
are then exactly what Python says.
"""

from __future__ import annotations

import codecs
import functools
import itertools
import os
import re
import stat
from typing import NamedTuple

from layerlint.project.scanner import cookie_line

# Far beyond any hand-written module: the limit is there so that a huge data file (or a
# link to one) is not read whole, by grimp and again by layerlint.
MAX_FILE_SIZE = 32 * 1024 * 1024

# grimp crashed on chains (`1 +`, `.b`, `()`) 50,000 levels deep and not at 30,000; each
# level takes at least two bytes of code, so a statement of this many bytes of code (strings
# and comments left out) is at most 10,000 levels deep.
MAX_STATEMENT = 20_000

_KINDS = {
    stat.S_IFDIR: "a directory",
    stat.S_IFIFO: "a named pipe",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


class Unreadable(NamedTuple):
    """Why a module file was not read: said in its LL901."""

    reason: str


def read_source(file: str) -> bytes | Unreadable:
    """The contents of a regular file of at most MAX_FILE_SIZE bytes, else why not."""
    try:
        # O_NONBLOCK: opening a named pipe returns at once instead of waiting for a writer
        # (it means nothing for a regular file).
        handle = os.open(file, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return Unreadable("cannot read file")
    try:
        info = os.fstat(handle)  # of what was opened: no race with a replaced link
        if not stat.S_ISREG(info.st_mode):
            kind = _KINDS.get(stat.S_IFMT(info.st_mode), "a special file")
            return Unreadable(f"not a regular file ({kind}): Python does not import it")
        if info.st_size > MAX_FILE_SIZE:
            return _TOO_LARGE
        data = _read_at_most(handle, MAX_FILE_SIZE + 1, info.st_size)
    except OSError:
        return Unreadable("cannot read file")
    finally:
        os.close(handle)
    return _TOO_LARGE if len(data) > MAX_FILE_SIZE else data  # it grew since fstat


_TOO_LARGE = Unreadable(f"file is larger than {MAX_FILE_SIZE // (1024 * 1024)} MiB: not read")


def _read_at_most(handle: int, limit: int, expected: int) -> bytes:
    """Up to `limit` bytes, in as few reads as the file's size allows (os.read directly:
    a buffered file object costs more than the read of a small module)."""
    chunks = []
    left = limit
    while left > 0:
        chunk = os.read(handle, min(left, max(expected + 1, 65536)))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def needs_python(data: bytes, deepest_relative_import: int) -> bool:
    """Whether grimp must not scan this file: it might crash on it, print a panic, or read
    it where Python cannot. `deepest_relative_import` is the most leading dots grimp takes
    in a relative import of this module."""
    return (
        b"\0" in data  # grimp skips NUL bytes Python refuses
        or _bom_with_cookie(data)  # Python refuses a coding cookie after a UTF-8 BOM
        or _deeper_relative_import(data, deepest_relative_import)  # grimp panics
        or (_may_nest_deep(data) and longest_statement(data) > MAX_STATEMENT)
    )


# Every level of nesting in an expression takes one of these bytes or words (a bracket, a
# dot, an operator, `and`, `lambda`...; counted anywhere, in any word or string, they are
# over-counted, never under-counted). A file with fewer of them than a statement of
# MAX_STATEMENT bytes can nest levels holds no statement grimp could crash on, and the
# costly measure of its longest statement is skipped (for 63 of Django's 64 files over
# 20 KB). The words are first bounded in the same pass as the bytes: each holds an `a`, an
# `i` or an `o` that no other of them shares.
_NESTING_BYTES = b"()[]{}.,+-*/%@&|^<>=~:"
_NESTING_WORDS = (b"and", b"or", b"not", b"if", b"is", b"in", b"lambda", b"await")
_NOT_NESTING = bytes(b for b in range(256) if b not in _NESTING_BYTES)
_NOT_NESTING_OR_AIO = bytes(b for b in _NOT_NESTING if b not in b"aio")


def _may_nest_deep(data: bytes) -> bool:
    levels = MAX_STATEMENT // 2
    if len(data) <= MAX_STATEMENT or len(data.translate(None, _NOT_NESTING_OR_AIO)) < levels:
        return False
    found = len(data.translate(None, _NOT_NESTING))
    return found + sum(data.count(word) for word in _NESTING_WORDS) >= levels


def _bom_with_cookie(data: bytes) -> bool:
    return data.startswith(codecs.BOM_UTF8) and cookie_line(data) is not None


# `from` then more dots than allowed, with the blanks and line continuations Python allows
# between them (`from . . import x` is valid). Matches in strings and comments too: that only
# sends a file to Python's parser needlessly. (Without `\b` before `from`: Python's `re`
# then finds the rare candidates 15 times faster; a longer word ending in `from` only sends
# a file to Python's parser too.)
@functools.cache
def _relative_beyond(deepest: int) -> re.Pattern[bytes]:
    return re.compile(rb"from" + rb"[\s\\]*\." * (deepest + 1))


def _deeper_relative_import(data: bytes, deepest: int) -> bool:
    return _relative_beyond(deepest).search(data) is not None


# Strings and comments, which can hold brackets and line breaks that are not code.
_NOT_CODE = re.compile(
    rb"""'''(?:\\.|[^\\])*?'''|\"\"\"(?:\\.|[^\\])*?\"\"\"|'(?:\\.|[^\\'\r\n])*'"""
    rb"""|"(?:\\.|[^\\"\r\n])*"|\#[^\r\n]*""",
    re.DOTALL,
)
_F_PREFIX = re.compile(rb"(?<![\w])[rRbBuUfFtT]{1,2}\Z")
_CONTINUATION = re.compile(rb"\\(?:\r\n|\r|\n)")
# Every byte but brackets and line breaks is dropped; every opening bracket becomes "(",
# every closing one ")".
_KEEP = b"()[]{}\n"
_DROP = bytes(b for b in range(256) if b not in _KEEP)
_BRACKETS = bytes.maketrans(b"[]{}", b"()()")
_SAME_LINE_PASSES = 8  # brackets nested deeper on one line take the slow way


def longest_statement(data: bytes) -> int:
    """The bytes of code (strings and comments left out) of the longest statement: the
    longest run of lines joined by brackets or by backslashes."""
    code = _CONTINUATION.sub(b" ", _NOT_CODE.sub(_blank, data)).replace(b"\r", b"\n")
    lines = code.split(b"\n")
    longest = max(map(len, lines))
    if longest > MAX_STATEMENT:
        return longest
    # Only the brackets that stay open at the end of a line join lines: the pairs closed on
    # their own line are removed first (by C code: a Python loop over every bracket of a
    # large file took most of a second).
    residues = code.translate(_BRACKETS, delete=_DROP)
    for _ in range(_SAME_LINE_PASSES):
        residues, before = residues.replace(b"()", b""), residues
        if residues == before:
            break
    else:
        if b"()" in residues:
            residues = _reduce_slowly(residues)
    offsets = list(itertools.accumulate(map(len, lines), initial=0))
    spans = _joined_lines(residues.split(b"\n"))
    for first, last in spans:  # offsets count no line breaks: add them
        longest = max(longest, offsets[last + 1] - offsets[first] + last - first)
    return longest


def _reduce_slowly(residues: bytes) -> bytes:
    """Each line's brackets without the pairs closed on it: ")))(((" at most."""
    reduced = []
    for line in residues.split(b"\n"):
        closers = openers = 0
        for byte in line:
            if byte == 40:  # "("
                openers += 1
            elif openers:
                openers -= 1
            else:
                closers += 1
        reduced.append(b")" * closers + b"(" * openers)
    return b"\n".join(reduced)


def _joined_lines(residues: list[bytes]) -> list[tuple[int, int]]:
    """(first, last) line index of each run of lines that brackets join into one."""
    spans = []
    depth = start = 0
    for index in itertools.compress(itertools.count(), residues):  # lines with brackets
        residue = residues[index]
        closers = residue.count(b")")
        openers = len(residue) - closers
        if depth:
            depth = max(0, depth - closers)
            if not depth and not openers:
                spans.append((start, index))
        elif openers:
            start = index
        depth += openers
    if depth:  # unclosed: it runs to the end of the file
        spans.append((start, len(residues) - 1))
    return spans


def _blank(match: re.Match[bytes]) -> bytes:
    """A comment goes; a string becomes an empty one, except an f-string (or t-string),
    which holds code: it stays as long as it is, without its brackets and line breaks."""
    if match.group().startswith(b"#"):
        return b""
    before = match.string[max(0, match.start() - 3) : match.start()]
    prefix = _F_PREFIX.search(before)
    if prefix is not None and re.search(rb"[fFtT]", prefix.group()):
        return b"0" * (match.end() - match.start())
    return b"''"
