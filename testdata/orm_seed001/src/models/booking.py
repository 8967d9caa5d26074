"""Booking and Payment (modern, public schema)."""

from sqlalchemy import Column, Date, ForeignKey, Integer, Numeric, String, Time
from sqlalchemy.orm import relationship

from models.base import BaseModel


class Booking(BaseModel):
    __tablename__ = "bookings"

    id = Column(Integer, primary_key=True)
    customer_id = Column(Integer, ForeignKey("customers.id"), nullable=False)
    event_date = Column(Date, nullable=False)
    event_time = Column(Time, nullable=False)
    guests = Column(Integer, default=1)
    status = Column(String(20), default="pending")

    customer = relationship("Customer", back_populates="bookings")
    payments = relationship("Payment", back_populates="booking")


class Payment(BaseModel):
    __tablename__ = "payments"

    id = Column(Integer, primary_key=True)
    booking_id = Column(Integer, ForeignKey("bookings.id"), nullable=False)
    amount = Column(Numeric(10, 2), nullable=False)

    booking = relationship("Booking", back_populates="payments")
