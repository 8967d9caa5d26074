"""Customer (modern): integer ids, plain-text fields, public.customers."""

from sqlalchemy import Column, DateTime, Integer, String, func
from sqlalchemy.orm import relationship

from models.base import BaseModel


class Customer(BaseModel):
    __tablename__ = "customers"

    id = Column(Integer, primary_key=True)
    first_name = Column(String(100), nullable=False)
    last_name = Column(String(100), nullable=False)
    email = Column(String(255), unique=True, nullable=False)
    created_at = Column(DateTime, server_default=func.now())

    bookings = relationship("Booking", back_populates="customer")
