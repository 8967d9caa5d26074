import app.high

def f(:
    pass
