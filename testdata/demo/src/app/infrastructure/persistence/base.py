"""The one SQLAlchemy Base (that was the plan)."""

from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass
