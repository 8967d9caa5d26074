"""Modern models only; the legacy ones are imported directly where they are still used."""

from models.booking import Booking, Payment
from models.customer import Customer
from models.knowledge_base import MenuItem

__all__ = ["Booking", "Customer", "MenuItem", "Payment"]
