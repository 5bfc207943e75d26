from django.urls import path

from . import views

app_name = "supervision"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("cases/", views.case_list, name="cases"),
    path("alerts.xlsx", views.alerts_xlsx, name="alerts_xlsx"),
]
