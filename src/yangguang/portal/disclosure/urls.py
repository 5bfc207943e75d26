"""URLs of the public hall's disclosure area: results, open data, department ratings, 好差评."""

from django.urls import path

from . import views

urlpatterns = [
    path("results/", views.result_list, name="results"),
    path("results/<str:number>/", views.result_detail, name="result"),
    path("open-data/", views.open_data, name="open_data"),
    path("open-data/catalog.csv", views.catalog_csv, name="catalog_csv"),
    path("open-data/catalog.json", views.catalog_json, name="catalog_json"),
    path("open-data/results.csv", views.results_csv, name="results_csv"),
    path("open-data/results.json", views.results_json, name="results_json"),
    path("departments/", views.department_list, name="departments"),
    path("departments/<str:code>/", views.department_detail, name="department"),
    path("my/cases/<str:number>/rate/", views.rate, name="rate"),
    path("rectifications/", views.rectification_list, name="rectifications"),
    path("rectifications/<int:pk>/", views.rectification_detail, name="rectification"),
]
