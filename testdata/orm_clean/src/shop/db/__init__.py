"""Database access: the base every shop model is mapped on."""

from .base import Base as CoreBase

__all__ = ["CoreBase"]
