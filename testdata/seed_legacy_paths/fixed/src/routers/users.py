"""/users."""

from fastapi import APIRouter

from models import User

router = APIRouter()


@router.get("/{user_id}")
def get_user(user_id: str):
    return {"model": User.__name__, "id": user_id}
