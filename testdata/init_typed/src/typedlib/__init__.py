from typedlib._client import Client

__all__ = ["Client"]
