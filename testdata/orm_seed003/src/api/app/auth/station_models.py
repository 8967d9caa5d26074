"""Stations: multi-tenant isolation (identity schema)."""

import uuid

from sqlalchemy import Column, String, Uuid
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()


class Station(Base):
    __tablename__ = "stations"
    __table_args__ = {"schema": "identity"}

    id = Column(Uuid, primary_key=True, default=uuid.uuid4)
    code = Column(String(20), unique=True, nullable=False)
    name = Column(String(200), nullable=False)

    bookings = relationship("Booking", back_populates="station")
