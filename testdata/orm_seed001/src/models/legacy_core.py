"""Legacy core system: UUID ids, encrypted fields, multi-tenant (core schema)."""

import uuid

from sqlalchemy import Column, Date, ForeignKey, LargeBinary, Numeric, String, Uuid
from sqlalchemy.orm import relationship

from models.legacy_declarative_base import Base


class Customer(Base):
    __tablename__ = "customers"
    __table_args__ = {"schema": "core"}

    id = Column(Uuid, primary_key=True, default=uuid.uuid4)
    station_id = Column(Uuid, nullable=False, index=True)
    email_encrypted = Column(LargeBinary)
    name_encrypted = Column(LargeBinary)

    bookings = relationship("Booking", back_populates="customer")


class Booking(Base):
    __tablename__ = "bookings"
    __table_args__ = {"schema": "core"}

    id = Column(Uuid, primary_key=True, default=uuid.uuid4)
    customer_id = Column(Uuid, ForeignKey("core.customers.id"), nullable=False)
    station_id = Column(Uuid, nullable=False, index=True)
    date = Column(Date, nullable=False)
    slot = Column(String(20), nullable=False)

    customer = relationship("Customer", back_populates="bookings")


class Payment(Base):
    __tablename__ = "payments"
    __table_args__ = {"schema": "core"}

    id = Column(Uuid, primary_key=True, default=uuid.uuid4)
    booking_id = Column(Uuid, ForeignKey("core.bookings.id"), nullable=False)
    amount = Column(Numeric(10, 2), nullable=False)
