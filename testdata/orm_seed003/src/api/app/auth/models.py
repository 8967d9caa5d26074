"""Authentication models."""

import uuid

from sqlalchemy import Boolean, Integer, String, Uuid
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(255), unique=True)
    station_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
