"""Customers."""

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .common import Model


class Customer(Model):
    __tablename__ = "customers"

    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(255), unique=True)

    orders = relationship("Order", back_populates="customer")

    class Meta:
        ordering = ("name",)
        verbose_name = "customer"
