"""Legacy Stripe system."""

from sqlalchemy import Column, ForeignKey, Integer, Numeric, String

from models.legacy_base import Base


class StripeCustomer(Base):
    __tablename__ = "customers"  # public.customers, as models.customer.Customer

    id = Column(Integer, primary_key=True)
    stripe_customer_id = Column(String(64), unique=True)
    email = Column(String(255))


class StripePayment(Base):
    __tablename__ = "stripe_payments"  # renamed to avoid a conflict with payments

    id = Column(Integer, primary_key=True)
    stripe_payment_intent = Column(String(64), unique=True)
    customer_id = Column(Integer, ForeignKey("customers.id"))
    amount = Column(Numeric(10, 2))
