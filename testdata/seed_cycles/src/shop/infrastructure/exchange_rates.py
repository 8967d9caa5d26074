"""Exchange rates, from the central bank's daily file."""

from shop.domain.money import Money

RATES = {("EUR", "EUR"): 1.0, ("EUR", "USD"): 1.08, ("EUR", "GBP"): 0.85}


def convert(amount: Money, currency: str) -> Money:
    return Money(round(amount.cents * RATES[amount.currency, currency]), currency)
