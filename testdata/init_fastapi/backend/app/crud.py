from app.core.db import engine
from app.models import Item


def count() -> int:
    return len([Item, engine])
