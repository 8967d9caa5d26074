"""/loans."""

from fastapi import APIRouter

from library.domain.book import Book
from library.services.lending import LendingService

router = APIRouter()


@router.post("/loans/{isbn}")
def lend(isbn: str, member_id: int) -> dict:
    book: Book = LendingService().lend(isbn, member_id)
    return {"isbn": book.isbn, "title": book.title}
