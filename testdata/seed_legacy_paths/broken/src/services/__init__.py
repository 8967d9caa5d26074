"""Application services."""

# The type the reminder emails are rendered from, until the migration is done.
from models.legacy_core import Customer as LegacyCustomer  # noqa: F401
