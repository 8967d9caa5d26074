from sqlalchemy import Column, Integer

from app.db import Base


class Report(Base):
    __tablename__ = "reports"
    id = Column(Integer, primary_key=True)

    def title(self, name: str) -> object:
        try:
            return t"Report {name}"
        except ValueError, TypeError:
            return None
