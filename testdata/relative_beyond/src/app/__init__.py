from . import views
