"""Legacy booking models.

CRITICAL: User is defined in models/user.py (single source of truth). This module
re-exports it, so that `from models.legacy_booking_models import User` keeps working.
"""

# Re-export User from the modern module (single source of truth).
from models.user import User  # noqa: F401

from sqlalchemy import Column, Integer, String

from models.legacy_base import Base


class BookingLegacy(Base):
    __tablename__ = "bookings_legacy"

    id = Column(Integer, primary_key=True)
    core_booking_id = Column(String)
