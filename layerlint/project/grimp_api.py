"""The parts of grimp that layerlint uses below grimp's public API, loaded in one place.

layerlint runs grimp's scanner on its own list of files (build.py) and fills the Rust core
of grimp's graph directly (graph.py). Neither is public API, and either may move in any
grimp release. So the installed grimp must be one layerlint is tested with, with what
layerlint needs where it expects it; otherwise one line says which grimp is installed and
which versions work (a ConfigError: exit 2), rather than a traceback or a wrong graph.
"""

from __future__ import annotations

import re

from layerlint import __version__
from layerlint.errors import ConfigError

# The grimp releases layerlint is tested with: at least the first, below the second.
TESTED = ((3, 19), (3, 21))
TESTED_TEXT = f">={TESTED[0][0]}.{TESTED[0][1]},<{TESTED[1][0]}.{TESTED[1][1]}"


def unsupported(installed: str, problem: str = "") -> ConfigError:
    """`problem`: what is wrong with a grimp whose version is in the range."""
    found = f"grimp {installed} is installed" + (f" but {problem}" if problem else "")
    return ConfigError(
        f"{found}; layerlint {__version__} works with grimp {TESTED_TEXT}: "
        f"pip install 'grimp{TESTED_TEXT}'"
    )


def check_version(installed: str) -> None:
    found = re.match(r"(\d+)\.(\d+)", installed)
    if found is None or not TESTED[0] <= (int(found[1]), int(found[2])) < TESTED[1]:
        raise unsupported(installed)


try:
    import grimp
except ImportError:
    raise unsupported("(none)") from None
_INSTALLED = str(getattr(grimp, "__version__", "(unknown version)"))
check_version(_INSTALLED)
try:
    from grimp.application.graph import ImportGraph
    from grimp.application.ports.modulefinder import FoundPackage, ModuleFile
    from grimp.application.scanning import scan_imports
    from grimp.domain.valueobjects import Module

    _rust = ImportGraph()._rustgraph
    for _method in ("add_module", "add_import", "clone"):
        getattr(_rust, _method)
    del _rust, _method
except (ImportError, AttributeError) as error:
    raise unsupported(_INSTALLED, f"not as layerlint expects it ({error})") from None

__all__ = ["FoundPackage", "ImportGraph", "Module", "ModuleFile", "scan_imports"]
