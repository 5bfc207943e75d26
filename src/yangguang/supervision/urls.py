from django.urls import path

from . import views

app_name = "supervision"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("cases/", views.case_list, name="cases"),
    path("alerts.xlsx", views.alerts_xlsx, name="alerts_xlsx"),
    path("alerts/", views.alert_list, name="alerts"),
    path("alerts/<int:alert_id>/", views.alert_detail, name="alert"),
    path("orders/", views.order_list, name="orders"),
    path("orders/<int:order_id>/", views.order_detail, name="order"),
    path("complaints/", views.complaint_list, name="complaints"),
    path("complaints/new/", views.complaint_new, name="complaint_new"),
    path("complaints/<str:number>/", views.complaint_detail, name="complaint"),
    path("rules/", views.rule_list, name="rules"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/<int:notification_id>/open", views.notification_open, name="notification_open"),
    # performance evaluation (绩效评估)
    path("performance/", views.performance, name="performance"),
    path("performance.xlsx", views.performance_xlsx, name="performance_xlsx"),
    path("performance/departments/<int:department_id>/", views.performance_department,
         name="performance_department"),
    path("performance/departments/<int:department_id>/cases/", views.performance_cases, name="performance_cases"),
]
