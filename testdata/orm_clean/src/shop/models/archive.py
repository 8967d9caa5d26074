"""Orders older than two years, moved to the archive schema (same table names)."""

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .common import Model


class ArchivedOrder(Model):
    __tablename__ = "orders"
    __table_args__ = {"schema": "archive"}

    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    kind: Mapped[str] = mapped_column(String(20))

    lines = relationship("ArchivedOrderLine", back_populates="order")


class ArchivedOrderLine(Model):
    __tablename__ = "order_lines"
    __table_args__ = {"schema": "archive"}

    order_id: Mapped[int] = mapped_column(ForeignKey("archive.orders.id"))
    sku: Mapped[str] = mapped_column(String(40))

    order = relationship("ArchivedOrder", back_populates="lines")
