"""URLs of the public hall's accounts area: registration, applying online, my cases."""

from django.urls import path

from . import views

urlpatterns = [
    path("register/", views.register, name="register"),
    path("apply/<str:code>/", views.apply, name="apply"),
    path("my/cases/", views.my_cases, name="my_cases"),
    path("my/cases/<str:number>/", views.my_case, name="my_case"),
    path("my/cases/<str:number>/receipt/", views.apply_done, name="apply_done"),
    path("my/cases/<str:number>/supplement/", views.my_case_act, {"action": "supplement"}, name="my_case_supplement"),
    path("my/cases/<str:number>/withdraw/", views.my_case_act, {"action": "withdraw"}, name="my_case_withdraw"),
    path("my/cases/<str:number>/materials/<int:pk>/", views.my_material, name="my_material"),
]
