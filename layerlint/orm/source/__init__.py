"""What the SQLAlchemy rules read of a file: the sketch, the mention and the symbols
(extractions.py, registered with the project), and the syntax they are made of."""
