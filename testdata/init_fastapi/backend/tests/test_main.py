from app.main import app
