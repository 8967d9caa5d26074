"""SQLAlchemy rules (LL301-LL306): the project's declarative bases, mapped classes and tables,
read from source and checked for the collisions SQLAlchemy only finds at run time."""

from layerlint.orm import checks, memo
from layerlint.orm.coverage import coverage
from layerlint.project import Project
from layerlint.violation import Violation


def check(project: Project) -> list[Violation]:
    return memo.remembered(project, checks.check)


__all__ = ["check", "coverage"]
