from django.urls import path

from . import views

app_name = "catalog"
urlpatterns = [
    path("", views.public_list, name="public_list"),
    path("powers/<str:code>/", views.power_detail, name="power_detail"),
    path("powers/<str:code>/versions/<int:number>/", views.version_detail, name="version_detail"),
    path("powers/<str:code>/diff/<int:old>/<int:new>/", views.version_diff, name="version_diff"),
    path("office/catalog/", views.workbench, name="workbench"),
    path("office/powers/new/", views.power_new, name="power_new"),
    path("office/powers/<str:code>/versions/<int:number>/edit/", views.version_edit, name="version_edit"),
    path("office/powers/<str:code>/versions/<int:number>/<slug:action>/", views.version_action, name="version_action"),
    path("office/powers/<str:code>/revise/", views.power_change, {"change": "revise"}, name="power_revise"),
    path("office/powers/<str:code>/revoke/", views.power_change, {"change": "revoke"}, name="power_revoke"),
    path("office/review/", views.review_queue, name="review_queue"),
    path("office/review/<str:code>/<int:number>/", views.review_detail, name="review_detail"),
]
