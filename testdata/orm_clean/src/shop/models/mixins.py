"""Mixins: no table of their own."""

from datetime import datetime

from sqlalchemy import DateTime, func
from sqlalchemy.orm import Mapped, declared_attr, mapped_column


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    updated_at: Mapped[datetime | None] = mapped_column(DateTime, onupdate=func.now())


class TablenameMixin:
    """Names the table after the class: DailyRevenue -> dailyrevenue."""

    @declared_attr.directive
    def __tablename__(cls) -> str:
        return cls.__name__.lower()
