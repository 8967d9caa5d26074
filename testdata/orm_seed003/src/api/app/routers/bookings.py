"""Booking endpoints: query the new core models."""

from sqlalchemy import select

from api.app.models.core import Booking


def bookings_page_query(station_id, limit: int = 50, offset: int = 0):
    return (
        select(Booking)
        .where(Booking.station_id == station_id)
        .order_by(Booking.date.desc())
        .limit(limit)
        .offset(offset)
    )
