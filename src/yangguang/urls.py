from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from yangguang.api import api
from yangguang.core.views import after_login

admin.site.site_header = admin.site.site_title = settings.SITE_TITLE

urlpatterns = [
    path("favicon.ico", RedirectView.as_view(url=static("favicon.ico"), permanent=True)),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/welcome/", after_login, name="after_login"),
    path("", include("yangguang.cases.urls")),
    path("supervision/", include("yangguang.supervision.urls")),
    path("legal/benchmarks/", include("yangguang.discretion.urls")),  # discretion benchmarks (裁量基准)
    path("legal/", include("yangguang.legal.urls")),  # legal-affairs supervision (政府法制监督)
    path("", include("yangguang.portal.urls")),
    path("", include("yangguang.catalog.urls")),
]
