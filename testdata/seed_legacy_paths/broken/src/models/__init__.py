"""The modern models. Only these are exported; the legacy ones are imported directly."""

from models.booking import Booking, Payment  # noqa: F401
from models.customer import Customer  # noqa: F401
from models.user import User  # noqa: F401
