lazy import json

from sqlalchemy import Column, ForeignKey, Integer
from sqlalchemy.orm import relationship

from app.db import Base


class Task(Base):
    __tablename__ = "tasks"
    id = Column(Integer, primary_key=True)
    report_id = Column(ForeignKey("accounts.id"))
    report = relationship("Report")

    def payload(self) -> str:
        return json.dumps({"id": self.id})
