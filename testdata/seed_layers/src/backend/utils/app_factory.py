"""Build the FastAPI application: middleware stack, routes, lifecycle."""

from fastapi import FastAPI

from backend.middlewares.exception_handler import ExceptionHandlerMiddleware
from backend.routes import auth, users


def create_app() -> FastAPI:
    app = FastAPI()
    app.add_middleware(ExceptionHandlerMiddleware)
    app.include_router(auth.router, prefix="/api/auth")
    app.include_router(users.router, prefix="/api/users")
    return app
