"""initial

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import declarative_base

revision = "0001"
down_revision = None

# A snapshot of the models as they were when this migration was written.
Base = declarative_base()


class Customer(Base):
    __tablename__ = "customers"
    id = sa.Column(sa.Integer, primary_key=True)


def upgrade() -> None:
    op.create_table(
        "orders",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("customer_id", sa.Integer, sa.ForeignKey("customer.id")),
    )


def downgrade() -> None:
    op.drop_table("orders")
