from django.urls import path

from . import views
from .views import staff

urlpatterns = [
    path("", views.home, name="home"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("healthz", views.healthz, name="healthz"),
    path("activities/", views.event_list, name="event-list"),
    path("activities/export.csv", views.export_csv, name="event-export-csv"),
    path("activities/export.xlsx", views.export_xlsx, name="event-export-xlsx"),
    path("activities/<int:pk>/", views.event_detail, name="event-detail"),
    path("activities/<int:pk>/preview/", staff.event_preview, name="event-preview"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("reports/", views.periodic_report, name="report"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement-detail"),
    path("branches/", views.branch_list, name="branch-list"),
    path("branches/<slug:code>/", views.branch_detail, name="branch-detail"),
    path("provinces/", views.province_list, name="province-list"),
    path("provinces/<str:code>/", views.province_detail, name="province-detail"),
    path("open-data/", views.open_data, name="open-data"),
]
