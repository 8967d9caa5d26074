"""Event store: its own declarative base (the third one)."""

from datetime import datetime

from sqlalchemy import JSON, Column, DateTime, Integer, String
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class StoredEvent(Base):
    __tablename__ = "domain_events"

    id = Column(Integer, primary_key=True)
    aggregate_id = Column(String(64), index=True, nullable=False)
    event_type = Column(String(100), nullable=False)
    payload = Column(JSON, nullable=False)
    occurred_at = Column(DateTime, default=datetime.utcnow)


class PostgresEventStore:
    def __init__(self, session):
        self.session = session

    def append(self, aggregate_id: str, event_type: str, payload: dict) -> None:
        self.session.add(
            StoredEvent(aggregate_id=aggregate_id, event_type=event_type, payload=payload)
        )
