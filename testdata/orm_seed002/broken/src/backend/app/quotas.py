"""Quota checks: one of the 20+ modules importing User from backend.app.users.models."""

from backend.app.users.models import User, UserPreferences

DEFAULT_DAILY_QUOTA = 100


def daily_quota(user: User, preferences: UserPreferences | None) -> int:
    if preferences is not None and preferences.daily_quota:
        return preferences.daily_quota
    return DEFAULT_DAILY_QUOTA
