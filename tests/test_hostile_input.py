"""Hostile input everywhere: every public URL and every admin form field, sixty-odd values each.

Nothing a visitor or a staff member can type or send may end in a server error, store what
the model would refuse, or come back unescaped. Values are batched: each request carries one
hostile value in every parameter or field at once, rotated so that each field sees each value.
"""

import datetime
import io
import re
from urllib.parse import quote

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from coordination.bounds import MAX_COUNT
from coordination.models import OutreachEvent

SCRIPT = '<script>alert("hostile")</script>'
IMG = '"><img src=x onerror=alert(1)>'
SVG = "'><svg/onload=alert(2)>"
#: What must never appear in a page as it was sent: each is a piece of live markup.
UNESCAPED = ["<script>alert(", "<img src=x onerror", "<svg/onload"]

HOSTILE = [
    # numbers
    "",
    " ",
    "0",
    "-1",
    "-0",
    "1.5",
    "1e20",
    "4e17",
    "NaN",
    "-inf",
    "0x1F",
    "2147483648",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "99999999999999999999999999",
    "9" * 5000,
    "1000001",
    "²",
    "１２３",
    "١٢٣",
    # dates
    "31/02/2024",
    "00/00/0000",
    "01/01/0001",
    "31/12/9999",
    "9999-12-31",
    "0001-01-01",
    "2024-13-01",
    "29/02/2023",
    "10000-01-01",
    "-2024-01-01",
    "1/1/1",
    "01/01/1999",
    # length and NUL
    "x" * 10_000,
    "đ" * 3000,
    "\x00",
    "abc\x00def",
    "\x00" * 40,
    # markup and templates
    SCRIPT,
    IMG,
    SVG,
    "javascript:alert(1)",
    "{{ 7|add:7 }}",
    "{% debug %}",
    "${7*7}",
    # SQL-looking
    "' OR '1'='1",
    "1; DROP TABLE coordination_outreachevent; --",
    "1' UNION SELECT password FROM auth_user --",
    "%",
    "_",
    "\\",
    "%%' --",
    # unicode oddities
    "\u202egnp.exe",
    "\u200b\u200b",
    "\ufeff",
    "👮\u200d♂️",
    "a\u0301" * 200,
    "İı",
    "\r\n\t",
    "../../etc/passwd",
    "%00",
    "%2e%2e%2f",
    # look-alikes of real values and unknown ids
    "null",
    "None",
    "[]",
    '{"a": 1}',
    "former:",
    "former:99",
    "former:former:24",
    ":24",
    " 24 ",
    "999999999",
    "cd-cand\x00",
]
assert len(HOSTILE) >= 60

User = get_user_model()


def _ok(response, what):
    assert response.status_code < 500, f"{what}: {response.status_code}"
    if response.get("Content-Type", "").startswith("text/html") and not response.streaming:
        html = response.content.decode(errors="replace")
        for piece in UNESCAPED:
            assert piece not in html, f"{what}: unescaped {piece!r}"


def _rotated(names, shift):
    return {name: HOSTILE[(index + shift) % len(HOSTILE)] for index, name in enumerate(names)}


def _drain(response):
    if response.streaming:
        b"".join(response.streaming_content)


FILTERS = ["q", "province", "branch", "focus_area", "type", "date_after", "date_before", "sort"]
PUBLIC_QUERIES = {
    "event-list": [*FILTERS, "page"],
    "dashboard": [*FILTERS, "count_by", "unit"],
    "report": ["period", "year", "number", "date_from", "date_to", "province", "branch"],
    "event-export-csv": FILTERS,
    "event-export-xlsx": FILTERS,
    "home": ["q", "page"],
    "branch-list": ["q"],
    "province-list": ["q"],
}


@pytest.fixture
def world(make_event, branches, staff):
    event = make_event(title="Công khai", organiser=branches["own"])
    draft = make_event(title="Bản nháp", organiser=branches["other"], status="draft")
    return {"event": event, "draft": draft}


@pytest.mark.parametrize("name", list(PUBLIC_QUERIES))
def test_public_pages_with_hostile_query_strings(client, world, name):
    url = reverse(name)
    params = PUBLIC_QUERIES[name]
    for shift in range(len(HOSTILE)):
        response = client.get(url, _rotated(params, shift))
        _drain(response)
        _ok(response, f"{name} #{shift}")
    # Every parameter repeated, with clashing values.
    response = client.get(url, {param: [HOSTILE[0], "24", SCRIPT, "\x00"] for param in params})
    _drain(response)
    _ok(response, f"{name} repeated")
    # Bytes that are not UTF-8 at all.
    response = client.get(url, QUERY_STRING="q=%ff%fe%00&page=%80&province=%c0%af")
    _drain(response)
    _ok(response, f"{name} raw bytes")


def test_report_with_a_valid_period_and_hostile_scope(client, world):
    for shift in range(len(HOSTILE)):
        query = {"period": "year", "year": "2024", **_rotated(["province", "branch"], shift)}
        _ok(client.get(reverse("report"), query), f"report scope #{shift}")


@pytest.mark.parametrize(
    "pattern",
    [
        "/activities/{}/",
        "/agreements/{}/",
        "/branches/{}/",
        "/provinces/{}/",
        "/activities/{}",
        "/{}/",
    ],
)
def test_public_paths_with_hostile_segments(client, world, pattern):
    for value in HOSTILE:
        response = client.get(pattern.format(quote(value, safe="")))
        _ok(response, f"{pattern} {value[:30]!r}")
        assert response.status_code in (200, 301, 302, 404), (pattern, value[:30])


def test_language_switch_with_hostile_values(client, world):
    for shift in range(len(HOSTILE)):
        response = client.post(reverse("set_language"), _rotated(["language", "next"], shift))
        _ok(response, f"set_language #{shift}")
        if response.status_code == 302:
            assert url_has_allowed_host_and_scheme(response.url, {"testserver"}), response.url


def test_hostile_cookies(client, world):
    for value in HOSTILE:
        # A header arrives as bytes, which WSGI hands over as latin-1.
        cookie = value.replace(";", "").replace("\r", "").replace("\n", "")
        cookie = cookie.encode().decode("latin-1")
        header = f"csrftoken={cookie}; sessionid={cookie}; django_language={cookie}"
        _ok(client.get(reverse("admin:login"), HTTP_COOKIE=header), f"cookie {value[:20]!r}")


# Admin: every registered model's add form and list, and the activity's change form.

MANAGEMENT = re.compile(r"-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$")


def _form_fields(html):
    """The names of a rendered form's fields, with the management forms' own values; an
    inline with no form shown gets one, filled like the rest."""
    names, management = [], {}
    for tag in re.finditer(r"<(input|select|textarea)\b[^>]*>", html):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', tag.group(0)))
        name = attrs.get("name")
        if not name or name == "csrfmiddlewaretoken":
            continue
        if MANAGEMENT.search(name):
            management[name] = attrs.get("value", "0")
            continue
        if "__prefix__" in name:
            prefix = name.split("-__prefix__-")[0]
            if management.get(f"{prefix}-TOTAL_FORMS") not in (None, "0"):
                continue
            management[f"{prefix}-TOTAL_FORMS"] = "1"
            name = name.replace("__prefix__", "0")
        if attrs.get("type") not in ("submit", "button", "file") and name not in names:
            names.append(name)
    return names, management


def _admin_models():
    return [
        model
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in ("coordination", "auth")
    ]


def _stored_rows_are_valid(model, before):
    """Whatever got saved passes the model's own validation: no NUL, no date or count out
    of bounds, nothing the form should have refused."""
    for obj in model._default_manager.exclude(pk__in=before):
        for field in model._meta.concrete_fields:
            value = getattr(obj, field.attname)
            if isinstance(value, str):
                assert "\x00" not in value, (model, field.name)
        try:
            obj.full_clean(validate_unique=False)
        except ValidationError as error:
            raise AssertionError(f"{model.__name__} stored an invalid row: {error}") from None


def _sweep_add_form(client, model, url, extra=None):
    page = client.get(url)
    assert page.status_code == 200, url
    names, management = _form_fields(page.content.decode())
    assert names, url
    before = set(model._default_manager.values_list("pk", flat=True))
    for shift in range(len(HOSTILE)):
        data = {**management, **_rotated(names, shift), **(extra or {})}
        if shift % 20 == 7:  # a broken management form once in a while
            data.update(_rotated(list(management), shift))
        _ok(client.post(url, data), f"{url} #{shift}")
    _stored_rows_are_valid(model, before)


@pytest.mark.parametrize("model", _admin_models(), ids=lambda m: m._meta.model_name)
def test_admin_add_forms_with_hostile_values(client, world, model):
    superuser = User.objects.create_superuser("root", password="x")
    client.force_login(superuser)
    opts = model._meta
    model_admin = admin.site._registry[model]
    list_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    params = ["q", "p", "o", "e", "_to_field", "_popup", "all"]
    params += [getattr(f, "parameter_name", f) for f in model_admin.list_filter]
    params = [p if isinstance(p, str) else "x" for p in params]
    for shift in range(0, len(HOSTILE), 3):  # every parameter at once: a third suffices
        _ok(client.get(list_url, _rotated(params, shift)), f"{list_url} #{shift}")
    if not model_admin.has_add_permission(type("R", (), {"user": superuser})()):
        return
    _sweep_add_form(client, model, reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))


def test_activity_forms_of_a_clerk_with_hostile_values(client, world, staff, branches, make_event):
    """The clerk's own form: autocomplete fields get non-numeric ids, dates and counts go
    out of bounds; and the change form of an existing activity."""
    client.force_login(staff["entry"])
    _sweep_add_form(client, OutreachEvent, reverse("admin:coordination_outreachevent_add"))
    event = make_event(title="Sửa", organiser=branches["own"], status="draft")
    url = reverse("admin:coordination_outreachevent_change", args=[event.pk])
    page = client.get(url)
    names, management = _form_fields(page.content.decode())
    for shift in range(len(HOSTILE)):
        _ok(client.post(url, {**management, **_rotated(names, shift)}), f"change #{shift}")
    event.refresh_from_db()
    event.full_clean(validate_unique=False)


def test_staff_form_of_a_central_administrator_with_hostile_values(client, world, staff):
    client.force_login(staff["central"])
    _sweep_add_form(client, User, reverse("admin:auth_user_add"))
    url = reverse("admin:auth_user_change", args=[staff["entry"].pk])
    names, management = _form_fields(client.get(url).content.decode())
    for shift in range(len(HOSTILE)):
        _ok(client.post(url, {**management, **_rotated(names, shift)}), f"staff change #{shift}")
    assert not User.objects.filter(is_superuser=True).exists()


def test_admin_autocomplete_and_shortcuts_with_hostile_values(client, world, staff):
    client.force_login(staff["entry"])
    for shift in range(len(HOSTILE)):
        query = _rotated(["term", "app_label", "model_name", "field_name", "page"], shift)
        _ok(client.get(reverse("admin:autocomplete"), query), f"autocomplete #{shift}")
        response = client.get(f"/admin/r/{quote(HOSTILE[shift], safe='')}/1/")
        _ok(response, f"shortcut #{shift}")


def test_admin_import_with_hostile_files(client, world, staff):
    client.force_login(staff["entry"])
    url = reverse("admin:coordination_outreachevent_import")
    before = OutreachEvent.objects.count()
    for shift, value in enumerate(HOSTILE):
        name = ["a.csv", "a.xlsx", f"{value[:50]}.csv", "../../x.csv"][shift % 4]
        content = (value * 3).encode("utf-8", "surrogatepass")
        if shift % 4 == 1:
            content = b"PK\x03\x04" + content  # pretends to be a zip
        upload = io.BytesIO(content)
        upload.name = name
        _ok(client.post(url, {"file": upload}), f"import #{shift}")
    assert OutreachEvent.objects.count() == before


# The findings of the security review, one by one.


@pytest.mark.parametrize("page", ["9223372036854775807", "4e17", "1e20", "100001", "-5"])
def test_huge_page_numbers_give_a_page(client, world, page):
    response = client.get(reverse("event-list"), {"page": page})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        {"date_before": "9999-12-31"},
        {"date_after": "0001-01-01"},
        {"date_after": "2024-01-01", "date_before": "31/12/9999"},
    ],
)
def test_dashboard_dates_past_the_calendar_are_refused_with_a_message(client, world, query):
    response = client.get(reverse("dashboard"), query)
    assert response.status_code == 200
    assert "Nhập ngày trong khoảng" in response.content.decode()


@pytest.mark.parametrize(
    "dates",
    [("01/01/0001", "31/12/0020"), ("9990-01-01", "9999-12-31")],
)
def test_report_dates_past_the_calendar_are_refused_with_a_message(client, world, dates):
    query = {"period": "custom", "date_from": dates[0], "date_to": dates[1]}
    response = client.get(reverse("report"), query)
    assert response.status_code == 200
    assert "Nhập ngày trong khoảng" in response.content.decode()


def test_nul_in_a_path_is_not_found(client, world):
    assert client.get("/provinces/%00/").status_code == 404
    assert client.get("/branches/cd-cand%00/").status_code == 404


def test_nul_in_the_session_cookie_is_no_session(client, world):
    response = client.get(reverse("event-list"), HTTP_COOKIE="sessionid=abc\x00def")
    assert response.status_code == 200
    response = client.get(reverse("admin:index"), HTTP_COOKIE="sessionid=abc\x00def")
    assert response.status_code == 302  # to the sign-in page, as for no session


def _event_form(world, **fields):
    event = world["event"]
    data = {
        "title": "Tuyên truyền",
        "activity_type": event.activity_type_id,
        "agreement": event.agreement_id,
        "focus_areas": [event.focus_areas.first().pk],
        "organiser": event.organiser_id,
        "start_date": "15/03/2024",
        "date_precision": "day",
        "figures_qualifier": "exact",
        "status": "draft",
    }
    data.update(fields)
    return data


@pytest.mark.parametrize(
    "field", ["organiser", "partners", "province"], ids=["organiser", "partners", "province"]
)
def test_non_numeric_autocomplete_value_is_a_form_error(client, world, staff, field):
    client.force_login(staff["central"])
    response = client.post(
        reverse("admin:coordination_outreachevent_add"), _event_form(world, **{field: "abc"})
    )
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors


def test_non_numeric_branch_parent_or_province_is_a_form_error(client, world, staff):
    client.force_login(staff["central"])
    response = client.post(
        reverse("admin:coordination_unionbranch_add"),
        {"code": "x", "name": "X", "kind": "police", "level": "3", "parent": "a", "province": "z"},
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "parent" in errors and "province" in errors


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"start_date": "01/01/0001"}, "start_date"),
        ({"start_date": "31/12/9999"}, "start_date"),
        ({"start_date": "31/12/1999"}, "start_date"),
        ({"end_date": "31/12/9999"}, "end_date"),
        ({"sessions": str(MAX_COUNT + 1)}, "sessions"),
        ({"participants": "2000000000"}, "participants"),
    ],
)
def test_activity_dates_and_counts_out_of_bounds_are_refused(client, world, staff, fields, field):
    client.force_login(staff["central"])
    before = OutreachEvent.objects.count()
    response = client.post(
        reverse("admin:coordination_outreachevent_add"), _event_form(world, **fields)
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert field in errors
    assert any(word in str(errors[field]) for word in ("Nhập ngày trong khoảng", "Tối đa"))
    assert OutreachEvent.objects.count() == before


def test_activity_a_year_ahead_is_accepted(client, world, staff):
    client.force_login(staff["central"])
    soon = datetime.date.today() + datetime.timedelta(days=300)
    response = client.post(
        reverse("admin:coordination_outreachevent_add"),
        _event_form(world, start_date=soon.strftime("%d/%m/%Y"), sessions=str(MAX_COUNT)),
    )
    assert response.status_code == 302


def test_view_on_site_does_not_tell_which_ids_exist(client, world, staff):
    client.force_login(staff["entry"])
    content_type = ContentType.objects.get_for_model(OutreachEvent)
    other_draft = client.get(f"/admin/r/{content_type.pk}/{world['draft'].pk}/")
    missing = client.get(f"/admin/r/{content_type.pk}/987654321/")
    assert other_draft.status_code == missing.status_code == 404
    # Staff accounts are not the clerk's to look up, existing or not.
    users = ContentType.objects.get_for_model(User).pk
    assert client.get(f"/admin/r/{users}/{staff['central'].pk}/").status_code == 404
    assert client.get(f"/admin/r/{users}/987654321/").status_code == 404
    own = world["event"]
    assert client.get(f"/admin/r/{content_type.pk}/{own.pk}/").status_code == 302


def test_every_registered_admin_model_is_swept():
    """A new model registered in admin joins the sweep by itself."""
    swept = {m._meta.label for m in _admin_models()}
    assert {"coordination.OutreachEvent", "auth.User", "coordination.UnionBranch"} <= swept
    assert all(issubclass(m, models.Model) for m in _admin_models())
    assert apps.get_model("coordination", "OutreachEvent") is OutreachEvent
