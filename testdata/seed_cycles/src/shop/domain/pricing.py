"""Prices: the domain asks the infrastructure for exchange and VAT rates."""

from shop.domain.money import Money
from shop.infrastructure.config import VAT_RATE
from shop.infrastructure.exchange_rates import convert


def gross_price(net: Money, currency: str) -> Money:
    gross = Money(round(net.cents * (1 + VAT_RATE)), net.currency)
    return convert(gross, currency)
