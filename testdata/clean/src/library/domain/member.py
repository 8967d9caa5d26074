"""Members."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from library.services.lending import LendingService


@dataclass
class Member:
    id: int
    name: str

    def borrow(self, isbn: str, service: LendingService) -> None:
        service.lend(isbn, self.id)
