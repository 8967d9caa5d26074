"""The first authentication service: four methods, SHA-256 passwords. Superseded by
app.infrastructure.security.core.real_auth_service.ProductionAuthService."""

import hashlib


class RealAuthService:
    def hash_password(self, password: str) -> str:
        return hashlib.sha256(password.encode()).hexdigest()

    def verify_password(self, password: str, hashed: str) -> bool:
        return self.hash_password(password) == hashed

    def issue_token(self, email: str, password: str) -> str:
        return f"token-for-{email}"

    def revoke_token(self, token: str) -> None:
        pass
