"""Table rows."""

from dataclasses import dataclass

from shop.domain.customer import Customer


@dataclass
class CustomerRow:
    id: int
    name: str

    def to_domain(self) -> Customer:
        return Customer(id=self.id, name=self.name)
