"""Alembic environment (outside the package: not part of the application's models)."""

from alembic import context

from shop.db.base import Base

target_metadata = Base.metadata

context.configure(target_metadata=target_metadata)
with context.begin_transaction():
    context.run_migrations()
