"""Customer use cases."""

from sqlalchemy import select

from shop.models import Customer, Order


class CustomerService:
    def __init__(self, session):
        self.session = session

    def register(self, name: str, email: str) -> Customer:
        customer = Customer(name=name, email=email)
        self.session.add(customer)
        return customer

    def orders_of(self, customer_id: int):
        return self.session.scalars(select(Order).where(Order.customer_id == customer_id)).all()
