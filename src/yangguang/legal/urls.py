"""Mounted under /legal/ (政府法制监督); /legal/benchmarks/ belongs to ``discretion``."""

from django.urls import path

from . import views

app_name = "legal"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("thresholds/", views.thresholds, name="thresholds"),
    path("penalties/", views.penalty_list, name="penalties"),
    path("penalties/<int:pk>/", views.penalty_detail, name="penalty"),
    path("documents/", views.document_list, name="documents"),
    path("documents/new/", views.document_new, name="document_new"),
    path("documents/<int:pk>/", views.document_detail, name="document"),
    path("appeals/", views.appeal_list, name="appeals"),
    path("appeals/new/", views.appeal_new, name="appeal_new"),
    path("appeals/<int:pk>/", views.appeal_detail, name="appeal"),
    path("bodies/", views.body_list, name="bodies"),
    path("personnel/", views.officer_list, name="officers"),
    path("personnel/refused/", views.refused_list, name="refused"),
    path("personnel/<int:pk>/", views.officer_detail, name="officer"),
]
