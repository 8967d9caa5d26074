"""User models - re-exports User from auth.models to preserve imports.

User is defined in backend/app/auth/models.py (single source of truth). This module
re-exports it so that the modules importing it from here keep working.
"""

from datetime import datetime

from sqlalchemy import Column, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import relationship

from backend.app.auth.models import User  # noqa: F401
from backend.app.core.db import Base


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
