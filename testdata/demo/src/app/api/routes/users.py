"""/users endpoints."""

from fastapi import APIRouter, Depends

from app.api.dependencies import current_email
from app.api.schemas import UserOut
from app.application.user_service import UserService
from app.infrastructure.security.auth.real_auth_service import RealAuthService as ProductionAuthService

router = APIRouter()


@router.get("/{user_id}", response_model=UserOut)
def get_user(user_id: int, email: str = Depends(current_email)) -> UserOut:
    return UserService(session=None, auth=ProductionAuthService()).get(user_id)
