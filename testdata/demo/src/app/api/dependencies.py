"""FastAPI dependencies."""

from fastapi import Depends, Header

from app.infrastructure.security.auth.real_auth_service import RealAuthService


def get_auth() -> RealAuthService:
    return RealAuthService()


def current_email(authorization: str = Header(...), auth: RealAuthService = Depends(get_auth)) -> str:
    return authorization.removeprefix("Bearer token-for-")
