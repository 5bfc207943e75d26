from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from yangguang.api import api

admin.site.site_header = admin.site.site_title = settings.SITE_TITLE

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("yangguang.cases.urls")),
    path("supervision/", include("yangguang.supervision.urls")),
    path("", include("yangguang.portal.urls")),
    path("", include("yangguang.catalog.urls")),
]
