from fastapi import APIRouter

from app import crud

router = APIRouter()


@router.get("/items")
def items() -> int:
    return crud.count()
