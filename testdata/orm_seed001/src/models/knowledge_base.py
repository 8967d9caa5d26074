"""Menu knowledge base (modern)."""

from sqlalchemy import Column, Integer, Numeric, String, Text

from models.base import BaseModel


class MenuItem(BaseModel):
    __tablename__ = "menu_items"

    id = Column(Integer, primary_key=True)
    name = Column(String(200), nullable=False)
    description = Column(Text)
    price = Column(Numeric(10, 2))
