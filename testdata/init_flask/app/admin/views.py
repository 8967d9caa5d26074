from app.admin import admin
from app.models import User


@admin.route("/users")
def users():
    return str(User.query.count())
