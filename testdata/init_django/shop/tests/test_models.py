from shop.models import Product


def test_product():
    assert Product
