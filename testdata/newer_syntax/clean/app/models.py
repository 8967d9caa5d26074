from sqlalchemy import Column, ForeignKey, Integer
from sqlalchemy.orm import relationship

from app.db import Base

type UserId = int
type Pair[T] = tuple[T, T]


class Repo[T: Base]:
    def get(self, key: UserId) -> T | None: ...


def first[T](items: list[T]) -> T:
    return items[0]


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)


class Account(Base):
    __tablename__ = "accounts"
    id = Column(Integer, primary_key=True)
    user_id = Column(ForeignKey("users.id"))
    user = relationship("User")
