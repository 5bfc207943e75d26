"""Mounted under /legal/benchmarks/ (the legal office's pages, 政府法制)."""

from django.urls import path

from . import views

app_name = "discretion"
urlpatterns = [
    path("", views.power_list, name="list"),
    path("export.json", views.export, name="export"),
    path("reviews/", views.review_list, name="reviews"),
    path("reviews/<int:pk>/", views.review_detail, name="review"),
    path("<str:code>/", views.power_benchmarks, name="power"),
    path("<str:code>/new/", views.benchmark_new, name="new"),
    path("<str:code>/<int:number>/", views.benchmark_detail, name="detail"),
    path("<str:code>/<int:number>/edit/", views.benchmark_edit, name="edit"),
    path("<str:code>/<int:number>/<slug:action>/", views.benchmark_action, name="action"),
]
