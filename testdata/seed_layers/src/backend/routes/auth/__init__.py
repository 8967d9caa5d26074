"""/api/auth: register, login, refresh, me."""

from fastapi import APIRouter, Depends
from sqlalchemy.ext.asyncio import AsyncSession

from backend.database import get_db
from backend.routes.auth.schemas import RegisterRequest, TokenResponse
from backend.services.auth import AuthService

router = APIRouter()


@router.post("/register", response_model=TokenResponse)
async def register(body: RegisterRequest, db: AsyncSession = Depends(get_db)) -> TokenResponse:
    return await AuthService.register(db, body)
