"""The users table."""

from sqlalchemy import Boolean, Column, Integer, String
from sqlalchemy.orm import relationship

from app.infrastructure.persistence.base import Base
from app.infrastructure.persistence.session_model import SessionModel


class UserModel(Base):
    __tablename__ = "users"

    id = Column(Integer, primary_key=True)
    email = Column(String(255), unique=True, nullable=False)
    is_active = Column(Boolean, default=True)
    sessions = relationship(SessionModel, back_populates="user")
