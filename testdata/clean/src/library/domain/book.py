"""Books."""

from dataclasses import dataclass


@dataclass
class Book:
    isbn: str
    title: str
    on_loan_to: int | None = None
