"""Feature 1: booking reminders."""

from datetime import date, timedelta

from models import Booking, Customer


def due_reminders(session, today: date) -> list[tuple[Customer, Booking]]:
    tomorrow = today + timedelta(days=1)
    bookings = session.query(Booking).filter(Booking.event_date == tomorrow)
    return [(session.get(Customer, b.customer_id), b) for b in bookings]
