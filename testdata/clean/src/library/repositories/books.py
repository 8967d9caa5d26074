"""Books, stored with SQLAlchemy."""

from sqlalchemy import select, table, column

from library.domain.book import Book
from library.services.errors import NotFound

books = table("books", column("isbn"), column("title"), column("on_loan_to"))


class BookRepository:
    def __init__(self, session) -> None:
        self.session = session

    def get(self, isbn: str) -> Book:
        row = self.session.execute(select(books).where(books.c.isbn == isbn)).first()
        if row is None:
            raise NotFound(isbn)
        return Book(*row)

    def all(self) -> list[Book]:
        return [Book(*row) for row in self.session.execute(select(books))]
