"""Kept so that `from models.legacy_base import Base` still works: the Stripe and booking
legacy models were moved onto the shared base during phase 2."""

from models.base import BaseModel as Base

__all__ = ["Base"]
