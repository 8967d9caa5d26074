"""One project held in memory by the language server between edits.

The analysis is the engine's (engine.analyse, with the editor's unsaved buffers as the
files' contents); what is held is its outcome: every diagnostic of the project (`# noqa`
marked, not applied: outcome.shown decides what is shown), and its basis (basis.py): what
the analysis took of each file. An edit whose buffer gives the analysis what it took
before (its imports, the class facts, what placing diagnostics read) is answered from what
is held; any other edit, or a file changed on disk in such a way, is analysed again, with
the survey of the project's files kept unless files were created or deleted.

A configuration error the analysis stops on is held too, until something that can settle
it changes: the configuration file (the server then reads it again: a new Session), files
created or deleted (a module it names may now exist), or, for an error the files' contents
can settle (errors.UnmetByFiles), any file or buffer. An edit of a buffer is otherwise
answered with the error, not with a new analysis that would stop on it again.

No pygls here: the protocol is server/protocol.py's.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from layerlint import basis, diagnostics, state
from layerlint.config import Config
from layerlint.diagnostics import Diagnostic
from layerlint.errors import ConfigError, UnmetByFiles
from layerlint.gc_pause import gc_paused
from layerlint.options import RunOptions
from layerlint.outcome import shown
from layerlint.project import Project
from layerlint.project.cache import Memo, ScanCache
from layerlint.project.discovery import Survey, survey
from layerlint.project.reading import read_source


class Session:
    """The project configured by `config`, analysed with some buffers, held."""

    def __init__(self, config: Config, options: RunOptions) -> None:
        self.config = config
        self.options = options
        self.surveyed: Survey | None = None
        self.analysed: dict[Path, bytes] = {}  # the buffers the held analysis was made with
        self.table: dict[Path, list[Diagnostic]] | None = None  # None: analyse
        self.project: Project | None = None
        self.error: ConfigError | None = None  # the analysis stopped on it (held, see above)
        self._broken_with: dict[Path, bytes] = {}  # the buffers of the analysis that stopped
        # the configuration file as this session read it: another content is another session
        self._config_text = _configuration_text(config)
        # what the last analysis could not read (folders left out...): for the client's log
        self.warnings: tuple[str, ...] = ()
        self._said: tuple[str, ...] = ()
        # The scan cache, loaded once: each analysis reads the files' scans from memory.
        self.cache = ScanCache(options.cache_directory(config.root))
        self._unsaved = False
        self._used_before: dict = {}
        self._stamps: dict[str, object] = {}  # each file's stamp when the project was surveyed
        self._comparable: set[str] = set()  # buffers parsed as written (see basis.of)

    def update(self, buffers: Mapping[Path, bytes]) -> bool:
        """Bring what is held up to date with these buffers (the open files of the project
        whose text is not the file's). Returns whether an analysis ran."""
        if self.error is not None and self._still_broken(buffers):
            return False
        if self.table is not None and self._still_holds(buffers):
            return False
        self._analyse(dict(buffers))
        return True

    def save(self) -> None:
        """Write the scan cache the last analysis added to (once its answer is out), if it
        analysed the files as they are on disk: what it remembered of unsaved buffers
        answers nothing a run from the files asks, and writing the cache (at 20,000
        modules, 15 MB marshalled while the project is held) would raise the server's peak
        memory at every edit. What the per-file tables gained is written with the next."""
        if self._unsaved:
            self._unsaved = False
            used = self.cache.memo.used
            if not self.analysed:
                self.cache.save()
            # Kept for the next analysis: the whole-graph queries of this one and of the one
            # before (an import typed, then taken out again, asks the same as before it).
            self.cache.memo = Memo({**self._used_before, **used})
            self._used_before = used

    def new_warnings(self) -> tuple[str, ...]:
        """The last analysis' warnings, once: an edit analysed again does not repeat them."""
        said, self._said = self._said, self.warnings
        return tuple(warning for warning in self.warnings if warning not in said)

    def shown(self, path: Path) -> list[Diagnostic]:
        """What an editor shows on `path`: outcome.shown, `# noqa` and the baseline applied."""
        if self.table is None:
            return []
        return shown(self.table.get(path, []), self.config, only=path)

    def held(self, path: Path) -> list[Diagnostic]:
        """Every diagnostic held for `path`, before `# noqa` and the baseline."""
        return list((self.table or {}).get(path, ()))

    def module_path(self, name: str) -> Path | None:
        """The file of a module of the held project."""
        module = self.project.modules.get(name) if self.project else None
        return module.path if module is not None else None

    def files_changed(self, created_or_deleted: bool) -> None:
        """Files changed on disk (`git checkout`, another tool): what is held stands if the
        analysis would take the same of each changed file it read from disk (one it read
        from an editor's buffer is compared at the next update); else the project is
        analysed again."""
        if self.error is not None:
            if created_or_deleted or isinstance(self.error, UnmetByFiles):
                self.error = None  # what can settle it changed: analysed again
                self.surveyed = None
            return
        if created_or_deleted or self.surveyed is None or self.table is None:
            self.surveyed = None
            self.table = None
            return
        now = survey(self.config, self.cache.directory)
        stamps = state.stamps_of(now)
        self.surveyed = now
        root = self.config.root
        changed = sorted(
            relpath
            for relpath, stamp in stamps.items()
            if self._stamps.get(relpath) != stamp and root / relpath not in self.analysed
        )
        if stamps.keys() != self._stamps.keys() or (
            changed and not basis.unseen_changes(self.config, now, self._basis(changed), changed)
        ):
            self.table = None
        else:
            self._stamps = stamps

    def configuration_changed(self) -> bool:
        """Whether the configuration file is no longer what this session read."""
        return _configuration_text(self.config) != self._config_text

    def _still_broken(self, buffers: Mapping[Path, bytes]) -> bool:
        """Whether an analysis with these buffers would stop on the error held again."""
        if isinstance(self.error, UnmetByFiles):
            return dict(buffers) == self._broken_with
        return True

    def _basis(self, relpaths) -> basis.Basis:
        """What the held analysis took of these files (basis.py)."""
        assert self.project is not None
        wanted = set(relpaths)
        names = {m.name for m in self.project.symbol_modules.values() if m.relpath in wanted}
        return basis.of(self.project, self._comparable, only=names)

    def _still_holds(self, buffers: Mapping[Path, bytes]) -> bool:
        """Whether an analysis with these buffers would give what is held: each file whose
        text is not the one analysed gives the analysis what it took of it."""
        changed = {path: data for path, data in buffers.items() if self.analysed.get(path) != data}
        for path in self.analysed.keys() - buffers.keys():  # closed, or saved as it was
            data = read_source(str(path))
            if not isinstance(data, bytes):
                return False
            if data != self.analysed[path]:
                changed[path] = data
        if not changed:
            return True
        assert self.surveyed is not None and self.project is not None
        by_file = {m.file: m.relpath for m in self.project.modules.values()}
        if any(str(path) not in by_file for path in changed):
            return False  # a file the held project does not have
        taken = self._basis(by_file[str(path)] for path in changed)
        return basis.unseen_buffers(self.config, self.surveyed, taken, changed)

    def _analyse(self, buffers: dict[Path, bytes]) -> None:
        from layerlint.engine import analyse  # grimp and the checks: only once asked for

        self.error = None
        # The project held is let go first: two at once would double the peak memory.
        self.table = self.project = None
        self.analysed = {}
        try:
            with gc_paused(set_aside=True):  # handed back by memory.release()
                self.surveyed = self.surveyed or survey(self.config, self.cache.directory)
                options = self.options._replace(overrides=buffers)
                analysis = analyse(options, self.surveyed, self.config, self.cache)
                project = analysis.project
                found = diagnostics.collect(project, analysis.violations, apply_noqa=False)
        except ConfigError as error:
            self.error, self._broken_with = error, buffers
            return
        self._unsaved = True
        self.warnings = project.warnings
        self._comparable = _parsed_buffers(project, buffers)
        self._stamps = state.stamps_of(self.surveyed)
        table: dict[Path, list[Diagnostic]] = {}
        for diagnostic in found:
            table.setdefault(diagnostic.file, []).append(diagnostic)
        self.table, self.project, self.analysed = table, project, buffers


def _configuration_text(config: Config) -> bytes | None:
    if config.path is None:
        return None
    data = read_source(str(config.path))
    return data if isinstance(data, bytes) else None


def _parsed_buffers(project: Project, buffers: Mapping[Path, bytes]) -> set[str]:
    """The modules read from a buffer that Python parsed as written: what the analysis
    took of them can be compared like that of any file (a buffer that cannot be parsed,
    or only with newer syntax set aside, is analysed again at each edit)."""
    by_file = {module.file: name for name, module in project.modules.items()}
    names = {by_file[str(path)] for path in buffers if str(path) in by_file}
    newer = project.newer_syntax()
    return {name for name in names if name not in project.errors and name not in newer}
