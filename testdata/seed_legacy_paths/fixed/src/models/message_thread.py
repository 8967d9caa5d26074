"""Message threads, moved over from legacy_core."""

from sqlalchemy import Column, ForeignKey, Integer

from models.base import BaseModel


class MessageThread(BaseModel):
    __tablename__ = "message_threads"

    id = Column(Integer, primary_key=True)
    booking_id = Column(Integer, ForeignKey("bookings.id"))
