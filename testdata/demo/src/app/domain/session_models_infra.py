"""Session models. (The second SQLAlchemy Base of the project, inside the domain.)"""

from sqlalchemy import Column, DateTime, Integer, String
from sqlalchemy.ext.declarative import declarative_base

Base = declarative_base()


class UserSession(Base):
    __tablename__ = "user_sessions"

    id = Column(Integer, primary_key=True)
    token = Column(String(64), nullable=False)
    expires_at = Column(DateTime, nullable=False)
