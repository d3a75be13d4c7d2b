"""Rules written once: the list, the API and the admin answer alike because they ask one place."""

import pytest
from django.core.paginator import EmptyPage

from coordination.models import OutreachEvent
from coordination.paginators import CappedCountPaginator

pytestmark = pytest.mark.django_db

API_LIST = "/api/v1/activities/"


def test_the_deepest_page_is_the_same_for_the_list_the_api_and_its_schema(client, monkeypatch):
    monkeypatch.setattr(CappedCountPaginator, "cap", 0)  # a capped list: no real last page
    pages = CappedCountPaginator(OutreachEvent.objects.order_by("pk"), 25)
    assert pages.validate_number(100_000) == 100_000
    with pytest.raises(EmptyPage):
        pages.validate_number(100_001)
    assert client.get(API_LIST, {"page": "100001"}).status_code == 400
    refused = client.get(API_LIST, {"page": "100001"}).json()["errors"]["page"][0]
    assert "100000" in refused
    assert client.get(API_LIST, {"page": "100000"}).status_code in (200, 404)
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    page = next(
        p
        for p in schema["paths"]["/api/v1/activities/"]["get"]["parameters"]
        if p["name"] == "page"
    )
    assert "100,000" in page["description"]
