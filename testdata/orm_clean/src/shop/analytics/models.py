"""Analytics tables (another database: "customers" here is not the shop's table)."""

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shop.models.mixins import TablenameMixin

from .db import AnalyticsBase


class CustomerSnapshot(AnalyticsBase):
    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True)
    segment: Mapped[str] = mapped_column(String(20))
    lifetime_value: Mapped[float] = mapped_column(Numeric(12, 2), default=0)

    visits = relationship("PageView", back_populates="customer")


class PageView(AnalyticsBase):
    __tablename__ = "page_views"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    path: Mapped[str] = mapped_column(String(500))

    customer = relationship("CustomerSnapshot", back_populates="visits")


class DailyRevenue(TablenameMixin, AnalyticsBase):
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    orders: Mapped[int] = mapped_column(Integer, default=0)
    revenue: Mapped[float] = mapped_column(Numeric(12, 2), default=0)
