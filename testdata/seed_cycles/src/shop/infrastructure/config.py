"""Settings read from the environment."""

import os

VAT_RATE = float(os.environ.get("VAT_RATE", "0.2"))
