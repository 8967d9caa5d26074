"""Document templates."""

from shop.domain.invoice import Invoice


def invoice_template(invoice: Invoice) -> str:
    return f"Invoice {invoice.number}: {invoice.total_cents / 100:.2f}"
