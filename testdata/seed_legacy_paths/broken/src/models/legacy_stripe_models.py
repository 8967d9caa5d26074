"""Legacy Stripe system."""

from sqlalchemy import Column, Integer, String

from models.legacy_base import Base


class StripeCustomer(Base):
    __tablename__ = "customers"  # the same table as models.customer.Customer

    id = Column(Integer, primary_key=True)
    stripe_customer_id = Column(String(64), unique=True)
    email = Column(String(255))


class StripePayment(Base):
    __tablename__ = "stripe_payments"

    id = Column(Integer, primary_key=True)
    stripe_payment_intent = Column(String(64))
