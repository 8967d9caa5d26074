from django.urls import include, path

urlpatterns = [path("blog/", include("blog.urls")), path("shop/", include("shop.urls"))]

import blog.urls  # noqa: E402,F401
import shop.urls  # noqa: E402,F401
