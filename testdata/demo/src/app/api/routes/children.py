"""/children endpoints (the well-implemented part)."""

from fastapi import APIRouter, Depends

from app.api.dependencies import current_email
from app.infrastructure.security.auth import (
    real_auth_service,
)

router = APIRouter()


@router.get("/")
def list_children(email: str = Depends(current_email)) -> list[dict]:
    service = real_auth_service.RealAuthService()
    return [{"parent": email, "token": service.issue_token(email, "")}]
