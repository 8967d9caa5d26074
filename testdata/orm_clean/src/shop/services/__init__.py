from shop.services.customers import CustomerService

__all__ = ["CustomerService"]
