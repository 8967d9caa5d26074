"""FastAPI-Users integration: a second User table, named "users" as well."""

from fastapi_users.db import SQLAlchemyBaseUserTableUUID

from app.infrastructure.persistence.base import Base
from app.infrastructure.security.auth.real_auth_service import RealAuthService


class User(SQLAlchemyBaseUserTableUUID, Base):
    __tablename__ = "users"


legacy_auth = RealAuthService()
