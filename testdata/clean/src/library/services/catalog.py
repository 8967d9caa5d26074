"""Searching the catalog."""

from library.domain.book import Book
from library.repositories.books import BookRepository


def search(repository: BookRepository, text: str) -> list[Book]:
    return [book for book in repository.all() if text.lower() in book.title.lower()]
