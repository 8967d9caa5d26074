"""Feature 1: booking reminders."""

from datetime import date, timedelta

from models.customer import Customer
from models.legacy_core import Booking


def due_reminders(session, today: date) -> list[tuple[Customer, Booking]]:
    tomorrow = today + timedelta(days=1)
    bookings = session.query(Booking).filter(Booking.slot.startswith(tomorrow.isoformat()))
    return [(session.get(Customer, b.customer_id), b) for b in bookings]
