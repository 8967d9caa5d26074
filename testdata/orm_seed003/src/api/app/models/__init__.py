"""Models of the booking API (three modules, three declarative bases)."""
