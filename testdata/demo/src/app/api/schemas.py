"""Response models of the HTTP API."""

from pydantic import BaseModel


class UserOut(BaseModel):
    id: int
    email: str


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"
