"""User models."""

from datetime import datetime

from sqlalchemy import Column, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import relationship

from backend.app.core.db import Base


class User(Base):
    """User model."""

    __tablename__ = "users"
    __table_args__ = ({"extend_existing": True},)

    id = Column(String(36), primary_key=True)
    email = Column(String(255), nullable=False, unique=True)
    display_name = Column(String(100))


class UserPreferences(Base):
    __tablename__ = "user_preferences"

    id = Column(Integer, primary_key=True)
    user_id = Column(String(36), ForeignKey("users.id"), nullable=False, unique=True)
    theme = Column(String(20), default="light")
    daily_quota = Column(Integer)

    user = relationship("User", back_populates="preferences")


class PrivacyRequest(Base):
    __tablename__ = "privacy_requests"

    id = Column(Integer, primary_key=True)
    user_id = Column(String(36), ForeignKey("users.id"), nullable=False)
    kind = Column(String(20), nullable=False)
    created_at = Column(DateTime, default=datetime.utcnow)

    user = relationship("User", back_populates="privacy_requests")
