"""The declarative base every model was meant to use."""

from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass
