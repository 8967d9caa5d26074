"""Entry point: `uvicorn app.main:api`."""

from fastapi import FastAPI

from app.api.routes import auth, children, users

api = FastAPI(title="Chaos demo")
api.include_router(auth.router, prefix="/auth")
api.include_router(users.router, prefix="/users")
api.include_router(children.router, prefix="/children")
