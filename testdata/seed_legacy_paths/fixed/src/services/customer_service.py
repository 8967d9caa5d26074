"""Customer use cases."""

from models import Customer


class CustomerRepository:
    def __init__(self, session):
        self.session = session

    def get(self, customer_id):
        return self.session.get(Customer, customer_id)
