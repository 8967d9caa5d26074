"""Legacy booking system, including its own User."""

from sqlalchemy import Column, Integer, String

from models.legacy_base import Base
from models.legacy_core import Booking


class User(Base):
    """The duplicate: "Multiple classes found for path 'User'"."""

    __tablename__ = "users"
    __table_args__ = ({"extend_existing": True},)

    id = Column(String, primary_key=True)
    email = Column(String, nullable=False, unique=True)


class BookingLegacy(Base):
    __tablename__ = "bookings_legacy"

    id = Column(Integer, primary_key=True)
    core_booking_id = Column(String, doc=f"see {Booking.__tablename__}")
