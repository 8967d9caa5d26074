"""Orders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from shop.domain.customer import Customer

if TYPE_CHECKING:
    from shop.infrastructure.order_repository import OrderRepository


@dataclass
class Order:
    id: int
    customer: Customer
    lines: list[tuple[str, int]] = field(default_factory=list)

    def save(self, repository: OrderRepository) -> None:
        repository.add(self)
