import app.low
