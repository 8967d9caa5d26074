"""The project under check: its files, modules, import statements and grimp import graph."""

from layerlint.project.build import build_project
from layerlint.project.files import ModuleFile
from layerlint.project.model import ImportSite, Project

__all__ = ["ImportSite", "ModuleFile", "Project", "build_project"]
