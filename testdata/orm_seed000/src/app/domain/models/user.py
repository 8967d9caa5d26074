"""API model of a user (pydantic)."""

from pydantic import BaseModel, EmailStr


class User(BaseModel):
    id: int
    email: EmailStr
    full_name: str | None = None
    is_active: bool = True
