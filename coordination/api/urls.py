from django.urls import path, re_path, register_converter
from drf_spectacular.views import SpectacularAPIView

from . import views
from .errors import not_found


class IdConverter:
    """Ids the database can hold: longer digit strings fall through to the JSON 404."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(IdConverter, "id")

app_name = "api"
urlpatterns = [
    path("", views.ApiRoot.as_view(), name="root"),
    path("activities/", views.ActivityList.as_view(), name="activity-list"),
    path("activities/<id:pk>/", views.ActivityDetail.as_view(), name="activity-detail"),
    path("provinces/", views.ProvinceList.as_view(), name="province-list"),
    path("branches/", views.BranchList.as_view(), name="branch-list"),
    path("focus-areas/", views.FocusAreaList.as_view(), name="focus-area-list"),
    path("agreements/<id:pk>/", views.AgreementDetail.as_view(), name="agreement-detail"),
    path("stats/", views.Stats.as_view(), name="stats"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", views.ApiDocs.as_view(), name="docs"),
    re_path(r"^[\s\S]*$", not_found),  # any character, newlines included
]
