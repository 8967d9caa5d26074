"""Legacy core system: UUID ids, encrypted fields, multi-tenant (core schema)."""

from sqlalchemy import Column, ForeignKey, LargeBinary, String
from sqlalchemy.dialects.postgresql import UUID

from models.legacy_base import Base


class Customer(Base):
    __tablename__ = "customers"
    __table_args__ = {"schema": "core"}

    id = Column(UUID(as_uuid=True), primary_key=True)
    station_id = Column(UUID(as_uuid=True), nullable=False)
    email_encrypted = Column(LargeBinary)
    name_encrypted = Column(LargeBinary)


class Booking(Base):
    __tablename__ = "bookings"
    __table_args__ = {"schema": "core"}

    id = Column(UUID(as_uuid=True), primary_key=True)
    customer_id = Column(UUID(as_uuid=True), ForeignKey("core.customers.id"))
    slot = Column(String(20))


class Payment(Base):
    __tablename__ = "payments"
    __table_args__ = {"schema": "core"}

    id = Column(UUID(as_uuid=True), primary_key=True)


class MessageThread(Base):
    __tablename__ = "message_threads"
    __table_args__ = {"schema": "core"}

    id = Column(UUID(as_uuid=True), primary_key=True)
    booking_id = Column(UUID(as_uuid=True), ForeignKey("core.bookings.id"))
