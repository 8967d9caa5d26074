"""Python's import order, followed statically: which `from X import name` runs while X is
still being imported and has not bound `name` yet (Python's "cannot import name ... from
partially initialized module").

Only modules on an import cycle can be partially initialized when another module asks
them for a name, so only the modules that reach a cycle (with the packages Python
imports before their submodules) are followed, each from its outline
(project/outline.py); the others are imported whole, as far as a cycle can tell. Each
module on a cycle is tried as the first one imported. A simulation stops, saying nothing,
where it cannot be sure: a conditional import or binding in its way, a call of a local
function that imports, a star import, a module `__getattr__`, `globals()`, or a failure
inside a `try` that may catch it.
"""

from __future__ import annotations

from layerlint.project import Project
from layerlint.startup import kept
from layerlint.startup import structure as layout
from layerlint.startup.kept import Failure
from layerlint.startup.structure import Structure, structure

# Statements followed over all first modules tried: beyond, the rest are not tried (the
# cost of one try grows with the cycle, the number of tries too). Real packages take a few
# thousand (pip 1,800, _pytest 7,600); 100,000 take about a second.
BUDGET = 100_000


class _Stop(Exception):
    """The simulation cannot be sure of what follows."""


class _Failed(Exception):
    pass


class _Frame:
    __slots__ = ("module", "events", "unsure", "index", "steps", "step", "line", "caught")

    def __init__(self, module: str | None, outline: tuple, steps: tuple) -> None:
        self.module = module
        self.events, self.unsure = outline if outline else ((), ())
        self.index = 0
        self.steps = steps
        self.step = 0
        self.line = 0
        self.caught = False


def find_failures(project: Project) -> list[Failure]:
    """Every statement that fails for some first module imported, sorted: found again, or
    what an earlier run found with the same structure and the same text of every module it
    read (kept.py)."""
    found = structure(project)
    limits = f"{layout.LARGEST_CYCLE}|{BUDGET}"  # as they are now (tests change them)
    earlier = kept.failures(project, found, limits)
    if earlier is not None:
        return earlier
    simulation = _Simulation(project, found)
    failures = simulation.run()
    kept.keep(project, found, limits, simulation.read, failures)
    return failures


class _Simulation:
    def __init__(self, project: Project, found: Structure) -> None:
        self.project = project
        self.names = found.names
        self.too_large = found.too_large
        self.entries = found.entries
        self.relevant = found.relevant
        self.spent = 0
        self.import_steps: dict[tuple[str, int], tuple] = {}  # (module, event index + 1) -> steps
        # what was read of each module's text, in order: its outline, then the names whose
        # binding was asked (an earlier run's failures stand while these give the same
        # answers; asked again in this order, they leave the same record: project/text.py)
        self.read: dict[str, dict[str, None]] = {}

    def _outline(self, module: str) -> tuple | None:
        self.read.setdefault(module, {})
        return self.project.text(module).outline()

    def _bindings(self, module: str, name: str) -> tuple:
        self.read.setdefault(module, {})[name] = None
        return self.project.text(module).binding(name)

    def run(self) -> list[Failure]:
        found: dict[tuple, Failure] = {}
        self.outcomes: dict[str, _State | Failure | None] = {}
        for entry in self.entries:
            if self.spent > BUDGET:
                break
            failure = self._outcome(entry)
            if isinstance(failure, Failure):
                key = failure[:3]
                before = found.get(key, failure)
                found[key] = before._replace(entries=(*before.entries, entry))
        return sorted(found.values())

    # -- one first module ------------------------------------------------------------------

    def _outcome(self, module: str) -> _State | Failure | None:
        """What `import module` does in a fresh interpreter: the state it leaves, the
        failure it meets, or None where the simulation cannot be sure. Importing
        `a.b` starts as importing `a` does: that part is followed once."""
        if module not in self.outcomes:
            parent = module.rpartition(".")[0]
            before = self._outcome(parent) if parent else _State()
            if not isinstance(before, _State):
                self.outcomes[module] = before
            elif module in before.status:
                self.outcomes[module] = before
            else:
                state = before.copy()
                try:
                    self._follow(state, module)
                    self.outcomes[module] = state
                except _Stop:
                    self.outcomes[module] = None
                except _Failed as failed:
                    self.outcomes[module] = failed.args[0]
        return self.outcomes[module]

    def _follow(self, state: _State, module: str) -> None:
        self.state = state
        frames = [_Frame(None, (), (("load", module),))]
        while frames:
            frame = frames[-1]
            if frame.step < len(frame.steps):
                step = frame.steps[frame.step]
                frame.step += 1
                started = self._step(frames, step)
                if started is not None:
                    frames.append(started)
                continue
            if frame.module is None:
                return
            if frame.index < len(frame.events):
                event = frame.events[frame.index]
                frame.index += 1
                self.spent += 1
                self._event(frame, event)
                continue
            frames.pop()
            del state.running[frame.module]
            self._finished(frame.module)

    def _step(self, frames: list[_Frame], step: tuple) -> _Frame | None:
        kind, name = step[0], step[1]
        if kind == "name":
            self._name(frames, name, step[2], step[3])
            return None
        if name in self.state.status:
            return None
        if name in self.too_large:
            raise _Stop
        if name not in self.relevant:
            self._finished(name)
            return None
        outline = self._outline(name)
        if outline is None:
            raise _Stop
        self.state.status[name] = "running"
        frame = _Frame(name, outline, ())
        self.state.running[name] = frame
        return frame

    def _finished(self, module: str) -> None:
        self.state.status[module] = "done"
        parent, _, child = module.rpartition(".")
        if parent:
            self.state.attributes.setdefault(parent, set()).add(child)

    def _event(self, frame: _Frame, event: tuple) -> None:
        if event[0] == "run":
            raise _Stop
        _, line, _, _, _, _, certain, caught = event
        key = (frame.module, frame.index)
        steps = self.import_steps.get(key)
        if steps is None:
            steps = self.import_steps[key] = self._steps_of(frame.module, event)
        if not certain:
            self._dry(steps)
            return
        frame.steps, frame.step, frame.line, frame.caught = steps, 0, line, caught

    def _steps_of(self, module: str, event: tuple) -> tuple:
        """What an import statement asks, in order (the same for every first module)."""
        _, line, column, written, level, names, _, _ = event
        target = _absolute(module, self.project.modules[module].is_package, written, level)
        if target is None:
            return ()
        steps = _loads(target)
        for name in names or ():
            if name == "*":
                continue
            if f"{target}.{name}" in self.names:
                steps.append(("load", f"{target}.{name}"))
            else:
                statement = f"from {'.' * level}{written} import {name}"
                steps.append(("name", target, name, (line, column + 1, statement)))
        return tuple(steps)

    def _dry(self, steps: tuple) -> None:
        """An import that may not run: it must change nothing the simulation follows."""
        for step in steps:
            if step[0] == "load":
                if step[1] not in self.state.status and step[1] in self.relevant:
                    raise _Stop
            elif self._unbound(step[1], step[2]) is not None:
                raise _Stop

    def _unbound(self, source: str, name: str) -> int | None:
        """The line where `source`, still being imported, will bind `name` it has not bound
        yet; None when it has bound it, or is imported already. Stops where unsure."""
        frame = self.state.running.get(source)
        if frame is None or name in self.state.attributes.get(source, ()):
            return None
        later = None
        for position, line, certain in self._bindings(source, name):
            if position < frame.index:  # bound before the statement it is running
                if not certain:
                    raise _Stop
                return None
            if certain and later is None:
                later = line
        if later is None:
            raise _Stop  # bound nowhere for sure: not a question of order
        return later

    def _name(self, frames: list[_Frame], source: str, name: str, where: tuple) -> None:
        bound_at = self._unbound(source, name)
        if bound_at is None:
            return
        if any(frame.caught for frame in frames):
            raise _Stop
        unsure = self.state.running[source].unsure
        if name in unsure or {"*", "__getattr__", "dynamic"} & set(unsure):
            raise _Stop
        importer = frames[-1].module
        line, column, statement = where
        chain = tuple((f.module, f.line) for f in frames if f.module is not None)
        failure = Failure(importer, line, column, statement, source, name, bound_at, chain, ())
        raise _Failed(failure)


class _State:
    """What an interpreter holds while importing: each module's status, the submodules
    bound on packages, the modules running (their frames)."""

    def __init__(self) -> None:
        self.status: dict[str, str] = {}  # module -> "running" | "done"
        self.attributes: dict[str, set[str]] = {}
        self.running: dict[str, _Frame] = {}

    def copy(self) -> _State:
        new = _State()
        new.status = dict(self.status)
        new.attributes = {k: set(v) for k, v in self.attributes.items()}
        return new


def _loads(module: str) -> list[tuple]:
    """`import a.b.c` imports a, then a.b, then a.b.c."""
    parts = module.split(".")
    return [("load", ".".join(parts[: i + 1])) for i in range(len(parts))]


def _absolute(importer: str, is_package: bool, written: str, level: int) -> str | None:
    if not level:
        return written
    base = importer.split(".") if is_package else importer.split(".")[:-1]
    if level - 1 > len(base) - 1:
        return None
    base = base[: len(base) - (level - 1)]
    return ".".join(base + ([written] if written else []))
