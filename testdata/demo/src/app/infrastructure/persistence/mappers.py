"""Between domain entities and table rows."""

from app.domain.user import User
from app.infrastructure.persistence.user_model import UserModel


def user_to_model(user: User) -> UserModel:
    return UserModel(id=user.id, email=user.email, is_active=user.is_active)


def model_to_user(model: UserModel) -> User:
    return User(id=model.id, email=model.email, is_active=model.is_active)
