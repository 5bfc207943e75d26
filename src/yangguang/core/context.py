"""Template context shared by every page."""

from django.conf import settings


def navigation(request):
    return {"site_title": settings.SITE_TITLE}
