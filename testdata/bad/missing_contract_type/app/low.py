import app.high
