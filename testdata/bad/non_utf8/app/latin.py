import app.high
name = "café"
