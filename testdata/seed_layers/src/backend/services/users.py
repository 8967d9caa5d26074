"""User listing."""

from backend.common.pagination import paginate
from backend.database.models import User


async def list_users(db, params):
    users = (await db.execute(User.__table__.select())).all()
    return paginate(users, params)
