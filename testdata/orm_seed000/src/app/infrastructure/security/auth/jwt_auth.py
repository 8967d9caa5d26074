"""FastAPI-Users integration: a second model of the users table, on the same base."""

from app.infrastructure.persistence.models.base import Base

from .fastapi_users_compat import SQLAlchemyBaseUserTableUUID


class User(SQLAlchemyBaseUserTableUUID, Base):
    __tablename__ = "users"


SECRET = "change-me"
LIFETIME_SECONDS = 3600
