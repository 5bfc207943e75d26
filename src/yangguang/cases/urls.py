from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("office/", views.queue, name="queue"),
    path("office/department/", views.department, name="department"),
    path("office/apply/", views.apply_choose, name="apply"),
    path("office/apply/<str:code>/", views.apply_form, name="apply_form"),
    path("office/cases/<str:number>/", views.case_detail, name="case_detail"),
    path("office/cases/<str:number>/act/", views.case_act, name="case_act"),
    path("office/cases/<str:number>/receipt/", views.apply_done, name="apply_done"),
    path("office/cases/<str:number>/materials/<int:pk>/", views.material_download, name="material"),
]
