"""A module's text as the checks read it beyond its imports, each answer recorded.

Placing a diagnostic reads a little of a file: the import statement on a line, the
`# noqa` comments, the source line shown, sometimes the whole-file scan (does an import
run at import time?). Every such read goes through `ModuleText`, which keeps what it was
asked and what it answered. After an edit of the file, the stored results still stand if
the same questions get the same answers from the new text (`replay`): the analysis, which
saw nothing else of the file, would do exactly what it did.
"""

from __future__ import annotations

from collections.abc import Callable

from layerlint.project.outline import Outline, bindings, outline_source, without_bindings
from layerlint.project.scanner import (
    NEWLINE,
    FileScan,
    ImportStatement,
    decode_source,
    encode_scan,
    noqa_lines,
    scan_source,
    statements_at,
)

# ("statements", n), ("line", n), ("source", n), ("noqa", n), ("scan",), ("outline",),
# ("binding", name)
Query = tuple


class ModuleText:
    def __init__(
        self,
        data: bytes | None | Callable[[], bytes | None],
        scan: Callable[[], FileScan],
        *,
        parsed: bool = True,
        outline: Callable[[], Outline | None] | None = None,
        shared: dict[str, object] | None = None,
        kept: Callable[[], KeptAnswers | None] | None = None,
    ) -> None:
        """`data` is the text (None if it cannot be read), or what reads it when first
        needed (LL401 asks thousands of modules for their cached outline only); `scan`
        makes the whole-file scan of it, `outline` its outline (by default made from it);
        `parsed` is False for a file grimp could not parse, whose lines are then read only
        through that scan. `shared` keeps what is made of the text (its lines decoded,
        the lines shown, the noqa comments) for the next analysis of the same text, in a
        process that analyses again (the language server). `kept` gives, when first
        asked, the answers this text gave in earlier runs to the questions that need its
        lines (statements, lines, shown lines, noqa comments), stored by the file's stamp:
        a run that asks them again reads neither the file nor a statement of it."""
        self._read = data if callable(data) else None
        self._text = None if callable(data) else data
        self._make_scan = scan
        self._make_outline = outline
        self._parsed = parsed
        self._find_kept = kept
        self._kept: KeptAnswers | None = None
        self._memo: dict[str, object] = {}
        self._made: dict[str, object] = shared if shared is not None else {}
        self.taken: dict[Query, object] = {}  # question -> answer (plain values), in order

    def statements_on(self, number: int) -> list[ImportStatement]:
        """The import statements starting on a line: parsed on their own when possible
        (cheap), else taken from the whole-file scan."""

        def parse() -> tuple:
            lines = self._lines()
            found = statements_at(lines, number) if lines is not None else None
            if found is None:
                found = [s for s in self.scan().imports if s.line == number]
            return tuple(map(tuple, found))

        answer = self._took(
            ("statements", number), self._kept_or(("statements", number), _is_statements, parse)
        )
        return [ImportStatement(*statement) for statement in answer]

    def line(self, number: int) -> str:
        """A line as Python splits and decodes them ("" past the end, or if undecodable)."""

        def read() -> str:
            lines = self._lines()
            return lines[number - 1] if lines is not None and 0 < number <= len(lines) else ""

        return self._took(("line", number), self._kept_or(("line", number), _is_str, read))

    def source_line(self, number: int) -> str:
        """The line a report shows (see `shown_line`)."""

        def read() -> str:
            if "shown" not in self._made:
                self._made["shown"] = shown_lines(self._data() or b"")
            return shown_line(self._made["shown"], number)

        return self._took(("source", number), self._kept_or(("source", number), _is_str, read))

    def noqa(self, number: int) -> frozenset[str] | None:
        """The codes a `# noqa` comment on a line silences (None: all of them)."""

        def read() -> tuple[str, ...]:
            if "noqa" not in self._made:
                self._made["noqa"] = noqa_lines(self._data() or b"")
            codes = self._made["noqa"].get(number, frozenset())
            return _EVERY_CODE if codes is None else tuple(sorted(codes))

        answer = self._kept_or(("noqa", number), _is_codes, read)
        self._took(("noqa", number), None if answer == _EVERY_CODE else answer)
        return None if answer == _EVERY_CODE else frozenset(answer)

    def scan(self) -> FileScan:
        """The whole-file scan: every import statement with its context."""
        if "scan" not in self._memo:
            self._memo["scan"] = found = self._make_scan()
            self._took(("scan",), encode_scan(found))
        return self._memo["scan"]  # type: ignore[return-value]

    def outline(self) -> Outline | None:
        """What the module runs when imported, in order (project/outline.py), without the
        names it binds (`binding`); None when it cannot be parsed."""
        if "outline" not in self._memo:
            if self._make_outline is not None:
                whole = self._make_outline()
            else:
                data = self._data()
                whole = outline_source(data) if data is not None else None
            self._memo["outline"] = whole
            self._memo["bindings"] = bindings(whole) if whole is not None else {}
        found = self._memo["outline"]
        runs = None if found is None else (without_bindings(found[0]), found[1])
        return self._took(("outline",), runs)

    def binding(self, name: str) -> tuple[tuple[int, int, bool], ...]:
        """Where the module binds `name` at module level: (how many of `outline`'s events
        run before, line, whether surely), in order. Asked name by name, so that binding
        another name leaves what the analysis took of the file alone."""
        if "bindings" not in self._memo:
            self.outline()
        return self._took(("binding", name), self._memo["bindings"].get(name, ()))

    def _lines(self) -> list[str] | None:
        if "lines" not in self._made:
            text = None
            data = self._data() if self._parsed else None
            if data:
                try:
                    text = decode_source(data, errors="strict")
                except UnicodeDecodeError:
                    pass  # only the whole-file scan can read it
            self._made["lines"] = NEWLINE.split(text) if text is not None else None
        return self._made["lines"]  # type: ignore[return-value]

    def _data(self) -> bytes | None:
        if self._read is not None:
            self._text, self._read = self._read(), None
        return self._text

    def _kept_or(self, query: Query, well_formed: Callable[[object], bool], make: Callable):
        """The answer kept for a question, else `make()`'s, kept for the next run."""
        if self._find_kept is not None:
            self._kept, self._find_kept = self._find_kept(), None
        answer = self._kept.get(query, well_formed) if self._kept is not None else None
        if answer is None:
            answer = make()
            if self._kept is not None:
                self._kept.put(query, answer)
        return answer

    def _took(self, query: Query, answer):
        self.taken.setdefault(query, answer)
        return answer


class KeptAnswers:
    """The answers a file's text gave, kept by its stamp across runs (SourceFiles.answers):
    `answers` is the stored table of the file (query -> answer, plain values), `changed` is
    called when an answer is added, so that the cache is written."""

    def __init__(self, answers: dict, changed: Callable[[dict], None]) -> None:
        self._answers = answers
        self._changed = changed

    def get(self, query: Query, well_formed: Callable[[object], bool]):
        """The kept answer, or None (none kept, or a damaged one: asked again)."""
        answer = self._answers.get(query)
        return answer if answer is not None and well_formed(answer) else None

    def put(self, query: Query, answer: object) -> None:
        self._answers[query] = answer
        self._changed(self._answers)


_EVERY_CODE = ("",)  # a bare `# noqa`, as kept (no code is empty; None is "not kept")


def _is_statements(answer: object) -> bool:
    return type(answer) is tuple and all(
        type(statement) is tuple and len(statement) == len(ImportStatement._fields)
        for statement in answer
    )


def _is_str(answer: object) -> bool:
    return type(answer) is str


def _is_codes(answer: object) -> bool:
    return type(answer) is tuple and all(type(code) is str for code in answer)


def shown_lines(data: bytes) -> list[str]:
    """A file's lines as reports show them (numbered as Python numbers them, decoded as
    Python decodes the file), undecodable bytes replaced."""
    return NEWLINE.split(decode_source(data))


def shown_line(lines: list[str], number: int) -> str:
    """Line `number` of `shown_lines`, without trailing blanks; "" past the end."""
    return lines[number - 1].rstrip() if 0 < number <= len(lines) else ""


def replay(data: bytes, queries: tuple[Query, ...]) -> tuple:
    """The answers the new text `data` gives to the questions an analysis asked, in the
    form of `ModuleText.taken`'s items: equal to the old ones iff nothing it read changed."""
    if not queries:
        return ()
    text = ModuleText(data, lambda: scan_source(data))
    ask = {
        "statements": text.statements_on,
        "line": text.line,
        "source": text.source_line,
        "noqa": text.noqa,
        "scan": text.scan,
        "outline": text.outline,
        "binding": text.binding,
    }
    for kind, *arguments in queries:
        ask[kind](*arguments)
    return tuple(text.taken.items())
