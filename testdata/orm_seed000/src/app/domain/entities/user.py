"""Domain entity: a plain Python user."""


class User:
    def __init__(self, user_id: int, email: str, full_name: str | None = None):
        self.id = user_id
        self.email = email
        self.full_name = full_name

    def rename(self, full_name: str) -> None:
        self.full_name = full_name
