from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typedlib._client import Client  # only for the annotation: never runs


class Response:
    def __init__(self, client: Client) -> None:
        self.client = client
