"""`python -m backend.database.seed`: create the first admin user."""

import asyncio

from backend.database import async_session_scope
from backend.services.auth import AuthService
from backend.routes.auth.schemas import RegisterRequest


async def main() -> None:
    async with async_session_scope() as db:
        await AuthService.register(db, RegisterRequest(email="admin@example.com", password="change-me"))


if __name__ == "__main__":
    asyncio.run(main())
