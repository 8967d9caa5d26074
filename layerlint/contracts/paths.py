"""Paths through a set of imports, found fast on cycles of thousands of modules: whether
one module reaches another, and the path a breadth-first search finds."""

from __future__ import annotations

import bisect
from collections.abc import Iterable

Edge = tuple[str, str]


class _Successors:
    """Imports as each module's sorted list of targets, for breadth-first paths."""

    def __init__(self, edges: Iterable[Edge]) -> None:
        self.edges: set[Edge] = set()
        self._targets: dict[str, list[str]] = {}
        self._importers: dict[str, set[str]] = {}
        for edge in sorted(edges):
            self.edges.add(edge)
            self._targets.setdefault(edge[0], []).append(edge[1])
            self._importers.setdefault(edge[1], set()).add(edge[0])

    def add(self, edge: Edge) -> None:
        self.edges.add(edge)
        bisect.insort(self._targets.setdefault(edge[0], []), edge[1])
        self._importers.setdefault(edge[1], set()).add(edge[0])

    def reaches(self, start: str, goal: str) -> bool:
        """Whether some path leads start -> goal. Searched from both ends, the smaller
        frontier first: a search that finds nothing ends when either side runs dry."""
        seen = ({start}, {goal})
        frontiers = ([start], [goal])
        neighbours = (self._targets, self._importers)
        while frontiers[0] and frontiers[1]:
            side = 0 if len(frontiers[0]) <= len(frontiers[1]) else 1
            mine, theirs = seen[side], seen[1 - side]
            ahead = []
            for node in frontiers[side]:
                for neighbour in neighbours[side].get(node, ()):
                    if neighbour in theirs:
                        return True
                    if neighbour not in mine:
                        mine.add(neighbour)
                        ahead.append(neighbour)
            frontiers = (ahead, frontiers[1]) if side == 0 else (frontiers[0], ahead)
        return False

    def path(self, start: str, goal: str) -> tuple[str, ...] | None:
        """The shortest path start -> goal that a breadth-first search from `start`, taking
        neighbours in name order, finds (its first among equally short ones).

        Searched from both ends, which meet after a few levels where a search from one
        end would walk most of a large cycle; then only the modules on shortest paths are
        walked again, in breadth-first order from `start`. That gives the same path: each
        such module is first reached from a module that is on a shortest path too, and in
        the same order.
        """
        found = self._shortest_paths_dag(start, goal)
        if found is None:
            return None
        depth, length = found
        parent: dict[str, str | None] = {start: None}
        level = [start]
        for _ in range(length):
            following = []
            for node in level:
                for successor in self._targets.get(node, ()):
                    if successor in depth and successor not in parent:
                        parent[successor] = node
                        following.append(successor)
            level = following
        path = [goal]
        while parent[path[-1]] is not None:
            path.append(parent[path[-1]])
        return tuple(reversed(path))

    def _shortest_paths_dag(self, start: str, goal: str) -> tuple[dict[str, int], int] | None:
        """(the modules on shortest paths start -> goal with their distance from `start`,
        the length of those paths), or None when there is no path."""
        ahead, behind = {start: 0}, {goal: 0}  # distances from start, and to goal
        frontiers = ([start], [goal])
        met: list[str] = []
        while frontiers[0] and frontiers[1] and not met:
            side = 0 if len(frontiers[0]) <= len(frontiers[1]) else 1
            mine, theirs = (ahead, behind) if side == 0 else (behind, ahead)
            neighbours = self._targets if side == 0 else self._importers
            following = []
            for node in frontiers[side]:
                distance = mine[node] + 1
                for neighbour in neighbours.get(node, ()):
                    if neighbour not in mine:
                        mine[neighbour] = distance
                        following.append(neighbour)
                        if neighbour in theirs:
                            met.append(neighbour)
            frontiers = (following, frontiers[1]) if side == 0 else (frontiers[0], following)
        if not met:
            return None
        length = min(ahead[node] + behind[node] for node in met)
        middle = [node for node in met if ahead[node] + behind[node] == length]
        depth = {node: ahead[node] for node in middle}
        stack = list(middle)
        while stack:  # back towards start, through modules one step nearer to it
            node = stack.pop()
            for importer in self._importers.get(node, ()):
                if importer not in depth and ahead.get(importer) == ahead[node] - 1:
                    depth[importer] = ahead[importer]
                    stack.append(importer)
        stack = list(middle)
        while stack:  # on towards goal, through modules one step nearer to it
            node = stack.pop()
            for successor in self._targets.get(node, ()):
                if successor not in depth and behind.get(successor) == behind[node] - 1:
                    depth[successor] = length - behind[successor]
                    stack.append(successor)
        return depth, length
