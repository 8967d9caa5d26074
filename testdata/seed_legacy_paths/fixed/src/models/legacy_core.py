"""Legacy core models: re-exported from the modern ones (single source of truth).

The core.* tables were moved to public.* by migration m0007; this module only keeps
`from models.legacy_core import ...` working in the migrations.
"""

from models.booking import Booking, Payment  # noqa: F401
from models.customer import Customer  # noqa: F401
from models.message_thread import MessageThread  # noqa: F401
