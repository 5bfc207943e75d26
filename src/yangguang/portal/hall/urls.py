"""URLs of the hall's pages without an account: progress query and complaints."""

from django.urls import path

from . import views

urlpatterns = [
    path("query/", views.case_query, name="query"),
    path("complaints/new/", views.complaint_new, name="complaint_new"),
    path("complaints/track/", views.complaint_track, name="complaint_track"),
]
