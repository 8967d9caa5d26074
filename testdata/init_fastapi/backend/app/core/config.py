SECRET_KEY = "change me"
