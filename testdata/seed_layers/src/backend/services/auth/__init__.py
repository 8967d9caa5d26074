"""Authentication use cases."""

from sqlalchemy.ext.asyncio import AsyncSession

from backend.common.exceptions.auth import UserNotFoundException
from backend.database.models import User
from backend.routes.auth.schemas import RegisterRequest, TokenResponse


class AuthService:
    @staticmethod
    async def register(db: AsyncSession, body: RegisterRequest) -> TokenResponse:
        user = User(email=body.email, password_hash=body.password[::-1])
        db.add(user)
        await db.commit()
        return TokenResponse(access_token=f"a-{user.id}", refresh_token=f"r-{user.id}")

    @staticmethod
    async def get_user_by_uuid(db: AsyncSession, user_id: str) -> User:
        user = await db.get(User, user_id)
        if not user:
            raise UserNotFoundException(identifier=user_id)
        return user
