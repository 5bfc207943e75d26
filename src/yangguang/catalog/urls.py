from django.urls import path

from . import views

app_name = "catalog"
urlpatterns = [
    path("", views.public_list, name="public_list"),
    path("office/", views.workbench, name="workbench"),
]
