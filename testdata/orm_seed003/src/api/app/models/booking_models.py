"""The old, complex booking schema (moved from public to core)."""

from datetime import datetime

from sqlalchemy import Column, DateTime, ForeignKey, Integer, Numeric, String, Uuid
from sqlalchemy.ext.declarative import declarative_base

Base = declarative_base()


class Booking(Base):
    __tablename__ = "bookings"
    __table_args__ = {"schema": "core"}

    id = Column(Integer, primary_key=True)
    user_id = Column(Integer, nullable=False, index=True)
    station_id = Column(Uuid, index=True)
    booking_reference = Column(String(20), unique=True, nullable=False)
    customer_name = Column(String(200), nullable=False)
    customer_email = Column(String(255), nullable=False)
    venue_street = Column(String(200))
    created_at = Column(DateTime, default=datetime.utcnow)


class BookingMenuItem(Base):
    __tablename__ = "booking_menu_items"
    __table_args__ = {"schema": "core"}

    id = Column(Integer, primary_key=True)
    booking_id = Column(Integer, ForeignKey("core.bookings.id"), nullable=False)
    name = Column(String(200), nullable=False)


class BookingAddon(Base):
    __tablename__ = "booking_addons"
    __table_args__ = {"schema": "core"}

    id = Column(Integer, primary_key=True)
    booking_id = Column(Integer, ForeignKey("core.bookings.id"), nullable=False)
    price = Column(Numeric(10, 2), nullable=False)
