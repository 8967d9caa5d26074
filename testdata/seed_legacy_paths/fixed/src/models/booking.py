"""Booking and Payment (modern)."""

from sqlalchemy import Column, Date, ForeignKey, Integer, String, Time
from sqlalchemy.orm import relationship

from models.base import BaseModel
from models.message_thread import MessageThread


class Booking(BaseModel):
    __tablename__ = "bookings"

    id = Column(Integer, primary_key=True)
    customer_id = Column(Integer, ForeignKey("customers.id"))
    event_date = Column(Date)
    event_time = Column(Time)
    threads = relationship(MessageThread)


class Payment(BaseModel):
    __tablename__ = "payments"

    id = Column(Integer, primary_key=True)
    booking_id = Column(Integer, ForeignKey("bookings.id"))
    status = Column(String(20))
