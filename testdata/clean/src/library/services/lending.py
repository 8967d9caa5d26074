"""Lending books to members."""

from library.domain.book import Book
from library.domain.member import Member
from library.repositories.books import BookRepository
from library.services.errors import NotAvailable


class LendingService:
    def __init__(self, books: BookRepository | None = None) -> None:
        self.books = books or BookRepository(session=None)

    def lend(self, isbn: str, member_id: int) -> Book:
        book = self.books.get(isbn)
        if book.on_loan_to is not None:
            raise NotAvailable(isbn)
        book.on_loan_to = Member(id=member_id, name="").id
        return book
