"""Pagination helpers, shared by everyone."""

from backend.routes.params import PageParams
from backend.routes.auth.schemas import Page


def paginate(items: list, params: PageParams) -> Page:
    start = (params.page - 1) * params.size
    return Page(items=items[start : start + params.size], total=len(items))
