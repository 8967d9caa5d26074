"""Use cases around users."""

from app.api.schemas import UserOut
from app.domain.user import User
from app.infrastructure.persistence.mappers import model_to_user
from app.infrastructure.security.core.real_auth_service import ProductionAuthService


class UserService:
    def __init__(self, session, auth: ProductionAuthService):
        self.session = session
        self.auth = auth

    def get(self, user_id: int) -> UserOut:
        user: User = model_to_user(self.session.get_user(user_id))
        return UserOut(id=user.id, email=user.email)
