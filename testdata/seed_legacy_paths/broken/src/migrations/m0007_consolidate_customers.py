"""Move core.customers into public.customers."""

from models.customer import Customer
from models.legacy_core import Customer as CoreCustomer


def upgrade(session) -> None:
    for old in session.query(CoreCustomer):
        session.add(Customer(email=old.email_encrypted.decode(), first_name="", last_name=""))
