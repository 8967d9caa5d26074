"""All shop models, importable from one place."""

from .archive import ArchivedOrder, ArchivedOrderLine
from .customer import Customer
from .order import GiftOrder, Order, OrderLine, Tag, order_tags

__all__ = [
    "ArchivedOrder",
    "ArchivedOrderLine",
    "Customer",
    "GiftOrder",
    "Order",
    "OrderLine",
    "Tag",
    "order_tags",
]
