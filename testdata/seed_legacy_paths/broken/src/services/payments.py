"""Payments."""

from models import Payment
from models.legacy_stripe_models import StripePayment


def record(session, booking_id: int, intent: str) -> Payment:
    session.add(StripePayment(stripe_payment_intent=intent))
    payment = Payment(booking_id=booking_id, status="pending")
    session.add(payment)
    return payment
