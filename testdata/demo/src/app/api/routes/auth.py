"""/auth endpoints."""

from fastapi import APIRouter

from app.api.schemas import TokenOut
from app.application.login_service import LoginService
from app.infrastructure.security.auth.real_auth_service import RealAuthService

router = APIRouter()


@router.post("/login", response_model=TokenOut)
def login(email: str, password: str) -> TokenOut:
    token = LoginService(RealAuthService()).login(email, password)
    return TokenOut(access_token=token)
