"""The exception hierarchy."""


class AppError(Exception):
    status_code = 500
