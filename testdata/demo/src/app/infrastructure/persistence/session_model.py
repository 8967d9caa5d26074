"""The sessions table."""

from sqlalchemy import Column, ForeignKey, Integer, String
from sqlalchemy.orm import relationship

from app.infrastructure.persistence.base import Base
from app.infrastructure.persistence.user_model import UserModel


class SessionModel(Base):
    __tablename__ = "sessions"

    id = Column(Integer, primary_key=True)
    token = Column(String(64), nullable=False)
    user_id = Column(Integer, ForeignKey(UserModel.id))
    user = relationship(UserModel, back_populates="sessions")
