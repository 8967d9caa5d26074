"""The new, simple CRM models (core schema)."""

import uuid

from sqlalchemy import Column, Date, ForeignKey, Integer, Numeric, String, Uuid
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()


class Customer(Base):
    __tablename__ = "customers"
    __table_args__ = {"schema": "core"}

    id = Column(Uuid, primary_key=True, default=uuid.uuid4)
    station_id = Column(Uuid, ForeignKey("identity.stations.id"), nullable=False, index=True)
    email = Column(String(255), nullable=False)

    bookings = relationship("Booking", back_populates="customer")


class Booking(Base):
    __tablename__ = "bookings"
    __table_args__ = {"schema": "core"}

    id = Column(Uuid, primary_key=True, default=uuid.uuid4)
    station_id = Column(Uuid, ForeignKey("identity.stations.id"), nullable=False, index=True)
    customer_id = Column(Uuid, ForeignKey("core.customers.id"), nullable=False)
    date = Column(Date, nullable=False)
    slot = Column(String(20), nullable=False)
    total_due_cents = Column(Integer, nullable=False, default=0)

    customer = relationship("Customer", back_populates="bookings")
    payments = relationship("Payment", back_populates="booking")


class Payment(Base):
    __tablename__ = "payments"
    __table_args__ = {"schema": "core"}

    id = Column(Uuid, primary_key=True, default=uuid.uuid4)
    booking_id = Column(Uuid, ForeignKey("core.bookings.id"), nullable=False)
    amount = Column(Numeric(10, 2), nullable=False)

    booking = relationship("Booking", back_populates="payments")
