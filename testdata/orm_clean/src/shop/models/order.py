"""Orders, their lines and tags; gift orders share the orders table."""

from sqlalchemy import Column, ForeignKey, Integer, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shop.db import CoreBase

from .common import Model

order_tags = Table(
    "order_tags",
    CoreBase.metadata,
    Column("order_id", ForeignKey("orders.id"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id"), primary_key=True),
)


class Tag(Model):
    __tablename__ = "tags"

    name: Mapped[str] = mapped_column(String(50), unique=True)


class Order(Model):
    __tablename__ = "orders"
    __mapper_args__ = {"polymorphic_on": "kind", "polymorphic_identity": "order"}

    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    kind: Mapped[str] = mapped_column(String(20))

    customer = relationship("Customer", back_populates="orders")
    lines = relationship("shop.models.order.OrderLine", back_populates="order")
    tags = relationship(Tag, secondary=order_tags)

    class Meta:
        ordering = ("-id",)


class GiftOrder(Order):
    __mapper_args__ = {"polymorphic_identity": "gift"}

    gift_message: Mapped[str | None] = mapped_column(String(200))


class OrderLine(Model):
    __tablename__ = "order_lines"

    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"))
    sku: Mapped[str] = mapped_column(String(40))
    quantity: Mapped[int] = mapped_column(Integer, default=1)

    order = relationship("Order", back_populates="lines")
