"""The abstract model every shop model derives from."""

from sqlalchemy.orm import Mapped, mapped_column

from shop.db import CoreBase

from .mixins import TimestampMixin


class Model(TimestampMixin, CoreBase):
    __abstract__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
