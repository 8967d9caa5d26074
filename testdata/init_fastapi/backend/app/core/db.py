from sqlmodel import create_engine

from app.core.config import SECRET_KEY

engine = create_engine("sqlite://", echo=bool(SECRET_KEY))
