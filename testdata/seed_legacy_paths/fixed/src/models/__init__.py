"""The models: one class per table, exported here."""

from models.booking import Booking, Payment  # noqa: F401
from models.customer import Customer  # noqa: F401
from models.message_thread import MessageThread  # noqa: F401
from models.user import User  # noqa: F401
