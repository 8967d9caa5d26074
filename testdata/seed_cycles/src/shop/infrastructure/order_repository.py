"""Orders, stored."""

from shop.domain.order import Order


class OrderRepository:
    def __init__(self) -> None:
        self._orders: dict[int, Order] = {}

    def add(self, order: Order) -> None:
        self._orders[order.id] = order
