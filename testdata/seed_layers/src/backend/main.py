"""Entry point."""

from backend.utils.app_factory import create_app
from backend.utils.logging_config import setup_logging

setup_logging()
app = create_app()
