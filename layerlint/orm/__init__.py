"""SQLAlchemy rules (LL301-LL306): the project's declarative bases, mapped classes and tables,
read from source and checked for the collisions SQLAlchemy only finds at run time."""

from layerlint.orm.checks import check

__all__ = ["check"]
