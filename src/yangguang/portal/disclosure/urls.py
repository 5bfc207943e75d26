"""URLs of the public hall's disclosure area."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
