"""Customers."""

from dataclasses import dataclass

from shop.infrastructure.orm import CustomerRow


@dataclass
class Customer:
    id: int
    name: str

    def to_row(self) -> CustomerRow:
        return CustomerRow(id=self.id, name=self.name)
