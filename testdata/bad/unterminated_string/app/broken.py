import app.high
s = """never closed

