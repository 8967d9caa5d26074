from app.high import VALUE


def g():
    return VALUE
