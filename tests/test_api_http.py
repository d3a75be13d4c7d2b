"""The API over HTTP: cache validators, throttling, CORS, the schema and its docs page."""

import json

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from openapi_spec_validator import validate

from coordination.api import params
from tests import writes

LIST = "/api/v1/activities/"


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()


def test_repeated_request_answers_304_without_reading_the_activities(
    client, make_event, django_assert_num_queries
):
    make_event()
    first = client.get(LIST, {"province": "24"})
    etag = first["ETag"]
    assert first.status_code == 200 and etag.startswith('W/"')
    with django_assert_num_queries(1) as queries:  # the content version, nothing else
        again = client.get(LIST, {"province": "24"}, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    assert "contentversion" in queries.captured_queries[0]["sql"].lower()
    other = client.get(LIST, {"province": "75"}, HTTP_IF_NONE_MATCH=etag)
    assert other.status_code == 200  # another address, another tag
    english = client.get(
        LIST, {"province": "24"}, HTTP_IF_NONE_MATCH=etag, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert english.status_code == 200


@pytest.mark.django_db(transaction=True)
def test_after_a_change_the_old_etag_gets_the_new_data(client, make_event):
    # Committed for real: the version is raised once per transaction, as requests commit.
    event = make_event(title="Trước khi sửa")
    first = client.get(f"{LIST}{event.pk}/")
    event.title = "Sau khi sửa"
    writes.save(event)
    again = client.get(f"{LIST}{event.pk}/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200 and again.json()["title"] == "Sau khi sửa"
    assert again["ETag"] != first["ETag"]


@pytest.mark.parametrize(
    "address",
    [
        "/api/v1/activities/",
        "/api/v1/provinces/",
        "/api/v1/branches/",
        "/api/v1/focus-areas/",
        "/api/v1/stats/",
    ],
)
def test_every_endpoint_answers_304_to_its_own_etag(client, seeded, address):
    etag = client.get(address)["ETag"]
    assert client.get(address, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_errors_carry_no_etag(client, seeded):
    response = client.get(LIST, {"province": "zz"})
    assert response.status_code == 400 and "ETag" not in response


def test_anonymous_clients_are_throttled(client, seeded, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute"},
    }
    statuses = [client.get("/api/v1/provinces/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/provinces/")
    assert "Retry-After" in response and response.json()["detail"]
    other = client.get("/api/v1/provinces/", REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200  # counted per address


def test_cors_is_off_unless_configured(client, seeded):
    response = client.get(LIST, HTTP_ORIGIN="https://cong-thong-tin.example")
    assert "Access-Control-Allow-Origin" not in response
    with override_settings(CORS_ALLOWED_ORIGINS=["https://cong-thong-tin.example"]):
        allowed = client.get(LIST, HTTP_ORIGIN="https://cong-thong-tin.example")
        assert allowed["Access-Control-Allow-Origin"] == "https://cong-thong-tin.example"
        assert "etag" in allowed["Access-Control-Expose-Headers"].lower()
        page = client.get("/activities/", HTTP_ORIGIN="https://cong-thong-tin.example")
        assert "Access-Control-Allow-Origin" not in page  # the site's pages stay closed


def test_schema_is_valid_openapi(client, seeded, tmp_path):
    out = tmp_path / "schema.json"
    call_command(
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--format",
        "openapi-json",
        "--file",
        str(out),
    )
    schema = json.loads(out.read_text())
    validate(schema)
    paths = set(schema["paths"])
    assert paths == {
        "/api/v1/activities/",
        "/api/v1/activities/{id}/",
        "/api/v1/provinces/",
        "/api/v1/branches/",
        "/api/v1/focus-areas/",
        "/api/v1/agreements/{id}/",
        "/api/v1/stats/",
    }
    for operation in (op for ops in schema["paths"].values() for op in ops.values()):
        # Refusals any request can meet whatever its view: an address longer than gunicorn
        # reads (414, before the app) and the throttle (429). Clients are told of both.
        assert {"414", "429"} <= set(operation["responses"]), operation["operationId"]
    served = client.get("/api/v1/schema/", {"format": "json"})
    assert served.status_code == 200 and json.loads(served.content)["openapi"].startswith("3.")
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/activities/"]["get"]["parameters"]}
    assert "former:24" in parameters["province"]["schema"]["enum"]


def test_docs_page_is_served_from_vendored_files(client, seeded):
    html = client.get("/api/v1/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "<style" not in html and "http" not in html.replace('href="/', "").split("<body>")[0]
    assert "<script>" not in html  # its set-up script is a file of its own
    script = client.get("/api/v1/docs/", {"script": ""})
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/v1/schema/" in script.content.decode()


@pytest.mark.browser
def test_docs_page_works_under_a_strict_csp(live_server, page, seeded):
    policy = (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
    )

    def with_csp(route):
        response = route.fetch()
        route.fulfill(
            response=response, headers={**response.headers, "content-security-policy": policy}
        )

    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if message.type == "error" else None,
    )
    page.route("**/*", with_csp)
    page.goto(live_server.url + "/api/v1/docs/")
    paths = page.locator(".opblock-summary-path")
    paths.first.wait_for(timeout=15_000)
    assert paths.count() == 7  # drawn by Swagger UI's scripts from the served schema
    assert not [v for v in violations if "Content Security Policy" in v], violations


#: Every query parameter the API declares in its schema.
PARAMS = [
    parameter.name
    for parameter in [*params.FILTERS, params.SORT, *params.PAGES, params.FORMAT, params.ERA]
    + params.STATS
]


@hypothesis_settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(values=st.dictionaries(st.sampled_from(PARAMS), st.text(max_size=30), max_size=4))
def test_any_query_is_answered_in_json_never_500(client, seeded, values):
    cache.clear()
    for address in ("/api/v1/activities/", "/api/v1/stats/", "/api/v1/provinces/"):
        response = client.get(address, values)
        if response.streaming:
            b"".join(response.streaming_content)  # read to the end: gives its slot back
        assert response.status_code in (200, 400, 404), (address, values)
        if response.status_code != 200 or values.get("format") != "csv":
            assert response["Content-Type"] == "application/json"


def test_schema_is_built_once_per_content_version(client, seeded, django_assert_max_num_queries):
    first = client.get("/api/v1/schema/", {"format": "json"})
    with django_assert_max_num_queries(1):  # the version: the schema comes from the cache
        again = client.get("/api/v1/schema/", {"format": "json"})
    assert again.content == first.content
    assert (
        client.get(
            "/api/v1/schema/", {"format": "json"}, HTTP_IF_NONE_MATCH=first["ETag"]
        ).status_code
        == 304
    )
