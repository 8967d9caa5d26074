"""The user entity: plain Python, no database in sight (almost)."""

from dataclasses import dataclass


@dataclass
class User:
    id: int
    email: str
    is_active: bool = True

    def deactivate(self) -> None:
        self.is_active = False

    def to_record(self):
        # "Temporary" shortcut: the entity persists itself.
        from app.infrastructure.persistence.mappers import user_to_model

        return user_to_model(self)
