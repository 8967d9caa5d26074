"""The legacy declarative base: a second metadata registry."""

from sqlalchemy.ext.declarative import declarative_base

Base = declarative_base()
