"""PDF rendering."""

from shop.infrastructure.templates import invoice_template


def render_pdf(document) -> bytes:
    return invoice_template(document).encode()
