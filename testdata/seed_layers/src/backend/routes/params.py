"""Query parameters shared by the endpoints."""

from dataclasses import dataclass

from fastapi import Query


@dataclass
class PageParams:
    page: int = Query(1, ge=1)
    size: int = Query(50, ge=1, le=500)
