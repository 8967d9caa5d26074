"""Payments."""

from models import Payment


def record(session, booking_id: int, intent: str) -> Payment:
    payment = Payment(booking_id=booking_id, status=f"pending:{intent}")
    session.add(payment)
    return payment
