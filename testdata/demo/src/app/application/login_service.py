"""Log users in."""

from app.infrastructure.security.auth.real_auth_service import RealAuthService


class LoginService:
    def __init__(self, auth: RealAuthService):
        self.auth = auth

    def login(self, email: str, password: str) -> str:
        return self.auth.issue_token(email, password)
