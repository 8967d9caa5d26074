"""Request and response bodies of the auth endpoints."""

from pydantic import BaseModel, EmailStr


class RegisterRequest(BaseModel):
    email: EmailStr
    password: str


class TokenResponse(BaseModel):
    access_token: str
    refresh_token: str


class Page(BaseModel):
    items: list
    total: int
