"""Turn exceptions into consistent HTTP responses."""

from starlette.middleware.base import BaseHTTPMiddleware
from starlette.responses import JSONResponse

from backend.common.exceptions.auth import AuthError


class ExceptionHandlerMiddleware(BaseHTTPMiddleware):
    async def dispatch(self, request, call_next):
        try:
            return await call_next(request)
        except AuthError as error:
            return JSONResponse({"detail": str(error)}, status_code=error.status_code)
