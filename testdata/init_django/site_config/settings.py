INSTALLED_APPS = ["blog", "shop"]
