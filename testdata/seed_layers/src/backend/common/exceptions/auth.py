"""Authentication errors."""

from backend.common.exceptions import AppError


class AuthError(AppError):
    status_code = 401


class UserNotFoundException(AppError):
    status_code = 404

    def __init__(self, identifier: str):
        super().__init__(f"user {identifier} not found")
