from flask import Blueprint

admin = Blueprint("admin", __name__)

from app.admin import views  # noqa: E402,F401  (the views register on `admin`)
