"""Customer (modern): integer ids, plain-text fields, public.customers."""

from sqlalchemy import Column, Integer, String

from models.base import BaseModel


class Customer(BaseModel):
    __tablename__ = "customers"

    id = Column(Integer, primary_key=True)
    first_name = Column(String(100))
    last_name = Column(String(100))
    email = Column(String(255), unique=True)
