"""The modern declarative base (public schema)."""

from sqlalchemy.orm import DeclarativeBase


class BaseModel(DeclarativeBase):
    pass
