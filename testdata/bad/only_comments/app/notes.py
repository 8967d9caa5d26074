# nothing here
# import app.high
