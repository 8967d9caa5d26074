"""/api/users (not converted to async yet)."""

from fastapi import APIRouter, Depends
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.database import get_sync_db
from backend.database.models import User

router = APIRouter()


@router.get("/")
async def get_users(db: Session = Depends(get_sync_db)):
    return db.execute(select(User)).scalars().all()  # blocks the event loop
