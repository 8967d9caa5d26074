from app.main import main
from app.models import User


@main.route("/")
def index():
    return str(User.query.first())
