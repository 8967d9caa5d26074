"""Kept for old migrations: the legacy base is now the modern one."""

from models.base import BaseModel as Base  # noqa: F401
