"""Checkout: the use case that wires it all together."""

from shop.domain.invoice import Invoice
from shop.domain.order import Order
from shop.infrastructure.order_repository import OrderRepository


def checkout(order: Order, repository: OrderRepository) -> Invoice:
    order.save(repository)
    total = sum(quantity * 100 for _, quantity in order.lines)
    return Invoice(number=f"INV-{order.id}", total_cents=total)
