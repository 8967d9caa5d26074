"""Invoices."""

from dataclasses import dataclass

from shop.infrastructure.pdf import render_pdf


@dataclass
class Invoice:
    number: str
    total_cents: int

    def pdf(self) -> bytes:
        return render_pdf(self)
