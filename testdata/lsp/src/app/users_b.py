class User:
    name = "b"
