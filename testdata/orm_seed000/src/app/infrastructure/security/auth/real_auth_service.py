"""The first RealAuthService (basic)."""

import hashlib


class RealAuthService:
    def hash_password(self, password: str) -> str:
        return hashlib.sha256(password.encode()).hexdigest()

    def verify_password(self, password: str, hashed: str) -> bool:
        return self.hash_password(password) == hashed

    def create_token(self, user_id: int) -> str:
        return f"token-{user_id}"

    def decode_token(self, token: str) -> int:
        return int(token.removeprefix("token-"))
