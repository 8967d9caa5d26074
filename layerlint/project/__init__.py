"""The project under check: its files, modules, import statements and grimp import graph.

`build_project`, `Project` and `ImportSite` load grimp, so they are imported on first use:
the flake8 plugin's warm path needs only the files and their discovery.
"""

from layerlint.project.discovery import ModuleFile

__all__ = ["ImportSite", "ModuleFile", "Project", "build_project"]


def __getattr__(name: str):
    if name == "build_project":
        from layerlint.project.build import build_project

        return build_project
    if name in ("ImportSite", "Project"):
        from layerlint.project import model

        return getattr(model, name)
    raise AttributeError(f"module 'layerlint.project' has no attribute {name!r}")
