from ..sub import deep
from .deep import later
