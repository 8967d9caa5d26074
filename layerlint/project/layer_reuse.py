"""Which containers' layer chains an import edit can change, so that only those are searched.

grimp searches each pair of layers of a container (a lower layer and a higher one, or two
independent siblings) on its own: forwards from the lower layer's modules, backwards from
the higher layer's, never through the container's other layer modules, and again after
setting aside the imports of each chain it found, until none is left. Every import it
reads (and the order it reads them in) is then:

- an import of a module of the container's layers, or of a module the search reached from
  one of them without passing another (forwards: what that module imports);
- an import into such a module, reached backwards the same way (what imports it).

So when the modules are the same, added in the same order (grimp's choice among equally
short chains follows that order), an edit that changes what some modules import (adding
or removing imports of other modules) leaves a container's answer as it was unless one of
its layer modules reaches an edited module without passing another layer module, or a
module whose importers changed reaches one of its layer modules the same way. The walks
that tell run on the new graph: where they meet no layer module, what they cover imports
(and is imported by) the same modules as before, so grimp's searches are the same on
both graphs. A new chain must use an added import, and only chains through a removed
import can go: those containers are searched again, the others keep their answer.

Before the walks, each changed import is matched against the pairs grimp searches in the
container (`Layers.pairs`: from an importer layer to an imported one, as grimp's
`generate_illegal_import_permutations_for_layers` makes them). A search for a pair starts
at the importer layer's modules and stops at the imported layer's; every other layer
module is a wall. So it reads what a module imports only for a module of the importer
layer or of no layer, and who imports a module only for one of the imported layer or of
no layer: an import from a module of the top layer (no pair starts there), or into one of
the bottom layer (no pair ends there), is read by none of the container's searches.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from typing import NamedTuple

# Modules the walks of one edit may reach in all, before the containers left are searched
# again without asking (a large edit, such as a branch switch, is cheaper to search whole).
_BUDGET = 400_000


class Imports:
    """A graph's direct imports, and the same as rows of a table."""

    def __init__(
        self, order: str, targets: dict[str, tuple[str, ...]], table: str | None = None
    ) -> None:
        self.order = order  # digest of the modules in the order they were added to the graph
        self.targets = targets  # importer -> what it imports, in name order
        self._table = table
        self._changes: dict[int, tuple[str, dict[str, tuple[str, str]] | None]] = {}

    def table(self) -> str:
        """What to keep for the next edit: a line `importer>imported,imported` for each
        importer, in name order; one string (a twentieth of the memory of the tuples, and
        stored and loaded in one piece)."""
        if self._table is None:
            self._table = table_of(self.targets)
        return self._table

    def rows_changed_since(self, before: object) -> dict[str, tuple[str, str]] | None:
        """importer -> (what it imported, what it imports now; each joined by commas) for
        the importers whose imports changed since `before` (a `table()` of an earlier
        graph); None if `before` is not such a table. Worked out once per table, however
        many checks ask."""
        if id(before) not in self._changes:  # (the table is kept: its id stays its own)
            rows = _rows_changed(before, self.table()) if isinstance(before, str) else None
            self._changes[id(before)] = (before, rows)  # type: ignore[assignment]
        return self._changes[id(before)][1]


def table_of(targets: Mapping[str, Sequence[str]]) -> str:
    """The rows `Imports.table` keeps, of importer -> what it imports (none left out)."""
    return "\n".join(row(m, targets[m]) for m in sorted(targets) if targets[m])


def row(importer: str, targets: Sequence[str]) -> str:
    """A row of the table: `importer>imported,imported`."""
    return f"{importer}>{','.join(targets)}"


def _rows_changed(before: str, after: str) -> dict[str, tuple[str, str]] | None:
    # Rows are sorted and each importer has one: the rows before the first difference and
    # after the last one are the same in both tables, and only those between are compared.
    before, after = _between_differences(before, after)
    lines_before, lines_after = set(before.split("\n")) - {""}, set(after.split("\n")) - {""}
    was: dict[str, str] = {}
    now: dict[str, str] = {}
    for lines, rows in ((lines_before - lines_after, was), (lines_after - lines_before, now)):
        for line in lines:
            importer, found, targets = line.partition(">")
            if not found:
                return None  # not a table (a damaged entry)
            rows[importer] = targets
    return {m: (was.get(m, ""), now.get(m, "")) for m in was.keys() | now.keys()}


_BLOCK = 1 << 16  # characters compared at a time while looking for a difference


def _between_differences(before: str, after: str) -> tuple[str, str]:
    """Of each table, the whole lines from that of their first difference to that of
    their last (and perhaps a few equal lines more); both empty if the tables are equal."""
    if before == after:
        return "", ""
    shorter = min(len(before), len(after))
    start = _common_length(before, after, shorter, lambda text, at, to: text[at:to])
    end = _common_length(
        before, after, shorter - start, lambda text, at, to: text[len(text) - to : len(text) - at]
    )
    first = before.rfind("\n", 0, start) + 1  # where the line of the first difference starts
    stop_before = before.find("\n", len(before) - end)
    stop_after = after.find("\n", len(after) - end)
    return (
        before[first : len(before) if stop_before < 0 else stop_before],
        after[first : len(after) if stop_after < 0 else stop_after],
    )


def _common_length(one: str, other: str, most: int, piece: Callable[[str, int, int], str]) -> int:
    """How many characters (at most `most`) `one` and `other` share where `piece(text, at,
    to)` reads them: a block at a time, then halving within the block that differs
    (each comparison is one copy and one memcmp)."""
    done = 0
    while done < most:
        step = min(_BLOCK, most - done)
        if piece(one, done, done + step) == piece(other, done, done + step):
            done += step
            continue
        low, high = done, done + step  # the same up to `low`, not up to `high`
        while high - low > 1:
            middle = (low + high) // 2
            if piece(one, low, middle) == piece(other, low, middle):
                low = middle
            else:
                high = middle
        return low
    return most


class Layers(NamedTuple):
    """A container's layers as grimp searches them."""

    layer_of: dict[str, str]  # each layer module (descendants too) -> its layer package
    pairs: frozenset[tuple[str, str]]  # (importer layer, imported layer) grimp searches

    def read(self, importer: str, imported: str) -> bool:
        """Whether a search of some pair reads the import (see the module's doc)."""
        source, target = self.layer_of.get(importer), self.layer_of.get(imported)
        if source is None and target is None:
            return bool(self.pairs)
        if source is None:
            return any(target == to for _, to in self.pairs)
        if target is None:
            return any(source == start for start, _ in self.pairs)
        return (source, target) in self.pairs


def pairs_of(levels: Sequence[tuple[Sequence[str], bool, bool]]) -> frozenset[tuple[str, str]]:
    """(importer, imported) layer packages grimp searches, for levels of (layer packages,
    independent, closed) from the top: each lower layer to each higher one, each
    independent sibling to the others, and past a closed layer each layer above it to
    each one below."""
    pairs = set()
    for index, (names, independent, _) in enumerate(levels):
        for name in names:
            pairs.update((lower, name) for below in levels[index + 1 :] for lower in below[0])
            if independent:
                pairs.update((name, sibling) for sibling in names if sibling != name)
            closed = False
            for above, _, above_closed in reversed(levels[:index]):
                if closed:
                    pairs.update((higher, name) for higher in above)
                closed |= above_closed
    return frozenset(pairs)


def to_search_again(
    imports: Imports,
    before_order: str,
    before_targets: object,
    layers: Mapping[str, Layers],
    reached: Callable[[str, bool], AbstractSet[str]],
) -> set[str]:
    """The containers (keys of `layers`) whose chains may differ from those found on the
    graph whose imports were `before_targets`. `reached(module, backwards)` is every module
    the graph reaches from `module` against (backwards) or along its imports."""
    rows = imports.rows_changed_since(before_targets)
    if before_order != imports.order or rows is None:
        return set(layers)
    edges = _changed_imports(rows)
    if not edges:
        return set()
    walks = _Walks(reached, _BUDGET)
    again = set()
    for container, found in sorted(layers.items()):
        read = [(a, b) for a, b in edges if found.read(a, b)]
        if not read:
            continue  # no search of the container reads a changed import
        walls = found.layer_of.keys()
        starts = {(a, True) for a, _ in read} | {(b, False) for _, b in read}
        if any(walks.meet(start, backwards, walls) for start, backwards in sorted(starts)):
            again.add(container)
    return again


class _Walks:
    """Whether a walk from a module that passes no module of `walls` meets one: it does iff
    some path from the module meets one (the first it meets is met so). So each module is
    walked once, unhindered (by grimp), for every container; past `budget` modules reached
    in all, every walk is taken to meet one."""

    def __init__(self, reached: Callable[[str, bool], AbstractSet[str]], budget: int) -> None:
        self._reached = reached
        self._budget = budget
        self._done: dict[tuple[str, bool], AbstractSet[str]] = {}

    def meet(self, start: str, backwards: bool, walls: AbstractSet[str]) -> bool:
        if start in walls:
            return True
        key = (start, backwards)
        if key not in self._done:
            if self._budget < 0:
                return True
            self._done[key] = self._reached(start, backwards)
            self._budget -= len(self._done[key])
        return not self._done[key].isdisjoint(walls)


def _changed_imports(rows: Mapping[str, tuple[str, str]]) -> list[tuple[str, str]]:
    """The imports added or removed, from `Imports.rows_changed_since`."""
    edges = []
    for importer, (was, now) in sorted(rows.items()):
        before, after = set(was.split(",")) - {""}, set(now.split(",")) - {""}
        edges += [(importer, imported) for imported in sorted(before ^ after)]
    return edges
