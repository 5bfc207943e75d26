"""URLs of the public hall's accounts area."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
