"""The public hall's URLs: each area of the hall brings its own."""

from django.urls import include, path

app_name = "portal"
urlpatterns = [
    path("", include("yangguang.portal.hall.urls")),
    path("", include("yangguang.portal.accounts.urls")),
    path("", include("yangguang.portal.disclosure.urls")),
]
