from .. import models


def later():
    from ... import y  # fails when called
    return y
