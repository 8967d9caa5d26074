"""Helpers "everyone" needs; nobody owns this module, so anything goes in."""

from app.api.schemas import UserOut


def render_user(user) -> str:
    out = UserOut(id=user.id, email=user.email)
    return f"{out.email} (#{out.id})"
