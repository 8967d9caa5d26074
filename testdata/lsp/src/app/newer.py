import sqlalchemy

try:
    pass
except ValueError, TypeError:
    pass
