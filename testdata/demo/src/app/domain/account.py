"""Account rules."""

from pydantic import BaseModel
from fastapi import HTTPException  # noqa: LL102


class Account(BaseModel):
    owner_id: int
    balance: int = 0

    def withdraw(self, amount: int) -> None:
        if amount > self.balance:
            raise HTTPException(status_code=409, detail="insufficient funds")
        self.balance -= amount
