"""The legacy core system's own declarative base (multi-tenant, `core` schema)."""

from sqlalchemy.orm import declarative_base

Base = declarative_base()
