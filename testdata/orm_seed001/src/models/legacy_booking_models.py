"""Legacy booking system."""

from sqlalchemy import Column, ForeignKey, Integer, Numeric, String
from sqlalchemy.orm import relationship

from models.base import BaseModel


class BookingLegacy(BaseModel):
    __tablename__ = "bookings_legacy"  # "_legacy": they knew it was a duplicate

    id = Column(Integer, primary_key=True)
    reference = Column(String(20), unique=True)

    items = relationship("MenuItem")


class MenuItem(BaseModel):
    __tablename__ = "booking_menu_items"

    id = Column(Integer, primary_key=True)
    booking_id = Column(Integer, ForeignKey("bookings_legacy.id"))
    name = Column(String(200))
    price = Column(Numeric(10, 2))
