from sqlalchemy import Column, ForeignKey, Integer

from app.db import Base


class Entry[T = str]:
    value: T


class AuditLog(Base):
    __tablename__ = "audit_log"
    id = Column(Integer, primary_key=True)
    user_id = Column(ForeignKey("userz.id"))
