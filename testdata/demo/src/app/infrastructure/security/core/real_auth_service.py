"""The authentication service everything should use."""

from app.infrastructure.security.auth.jwt_auth import legacy_auth


class ProductionAuthService:
    def hash_password(self, password: str) -> str:
        # Still delegates to the old hashing until every password is rehashed.
        return legacy_auth.hash_password(password)

    def verify_password(self, password: str, hashed: str) -> bool:
        return legacy_auth.verify_password(password, hashed)

    def issue_token(self, email: str, password: str) -> str:
        return f"jwt-for-{email}"
