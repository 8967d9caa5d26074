"""The application factory: the blueprints are registered here (Flask's pattern)."""

from flask import Flask
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


def create_app():
    app = Flask(__name__)
    db.init_app(app)
    from app.admin import admin
    from app.main import main

    app.register_blueprint(admin)
    app.register_blueprint(main)
    return app
