"""The analytics database: a second declarative base, on purpose."""

from sqlalchemy.orm import DeclarativeBase


class AnalyticsBase(DeclarativeBase):
    pass
