from sqlalchemy import Column, Integer

from app.db import Base

LABELS = {"owner": "Owner"}


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    label = f"{LABELS["owner"]}"


class Team(Base):
    __tablename__ = "teams"
    id = Column(Integer, primary_key=True)


class Squad(Base):
    __tablename__ = "teams"
    id = Column(Integer, primary_key=True)


def describe(user: User) -> str:
    return f"{LABELS["owner"]}: {user.id}"
