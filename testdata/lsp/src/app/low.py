"""The lower layer."""
import json
from app import util


def f():
    return util.g()
