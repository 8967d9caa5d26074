"""Errors the services raise."""


class NotFound(Exception):
    pass


class NotAvailable(Exception):
    pass
