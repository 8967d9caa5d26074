"""The second RealAuthService (the comprehensive one) and ProductionAuthService."""

import hashlib
import hmac
import secrets


class RealAuthService:
    def __init__(self, secret: str = "change-me"):
        self.secret = secret

    def hash_password(self, password: str, salt: str | None = None) -> str:
        salt = salt or secrets.token_hex(8)
        digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), 100_000)
        return f"{salt}${digest.hex()}"

    def verify_password(self, password: str, hashed: str) -> bool:
        salt, _ = hashed.split("$", 1)
        return hmac.compare_digest(self.hash_password(password, salt), hashed)


class ProductionAuthService(RealAuthService):
    def rotate_secret(self) -> None:
        self.secret = secrets.token_urlsafe(32)
