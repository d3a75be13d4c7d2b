"""Hostile input in the admin: every registered model's add form and list, the activity's
change form, autocompletes, shortcuts and imports, sixty-odd values each (tests/hostile.py),
then the security review's findings on staff forms.

Nothing a staff member can type may end in a server error, store what the model would refuse
or come back unescaped.
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

from coordination.bounds import MAX_COUNT
from coordination.models import Agreement, OutreachEvent

from .hostile import HOSTILE, ok, rotated

User = get_user_model()

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
        data = {**management, **rotated(names, shift), **(extra or {})}
        if shift % 20 == 7:  # a broken management form once in a while
            data.update(rotated(list(management), shift))
        ok(client.post(url, data), f"{url} #{shift}")
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
        ok(client.get(list_url, rotated(params, shift)), f"{list_url} #{shift}")
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
        ok(client.post(url, {**management, **rotated(names, shift)}), f"change #{shift}")
    event.refresh_from_db()
    event.full_clean(validate_unique=False)


def test_staff_form_of_a_central_administrator_with_hostile_values(client, world, staff):
    client.force_login(staff["central"])
    _sweep_add_form(client, User, reverse("admin:auth_user_add"))
    url = reverse("admin:auth_user_change", args=[staff["entry"].pk])
    names, management = _form_fields(client.get(url).content.decode())
    for shift in range(len(HOSTILE)):
        ok(client.post(url, {**management, **rotated(names, shift)}), f"staff change #{shift}")
    assert not User.objects.filter(is_superuser=True).exists()


def test_admin_autocomplete_and_shortcuts_with_hostile_values(client, world, staff):
    client.force_login(staff["entry"])
    for shift in range(len(HOSTILE)):
        query = rotated(["term", "app_label", "model_name", "field_name", "page"], shift)
        ok(client.get(reverse("admin:autocomplete"), query), f"autocomplete #{shift}")
        response = client.get(f"/admin/r/{quote(HOSTILE[shift], safe='')}/1/")
        ok(response, f"shortcut #{shift}")


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
        ok(client.post(url, {"file": upload}), f"import #{shift}")
    assert OutreachEvent.objects.count() == before


# The findings of the security review on staff forms.


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
        _event_form(world, start_date=soon.strftime("%d/%m/%Y"), participants=str(MAX_COUNT)),
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


def test_an_inline_sent_back_with_a_billion_forms_builds_at_most_fifty(client, world):
    client.force_login(User.objects.create_superuser("root", password="x"))
    url = reverse("admin:coordination_agreement_add")
    names, management = _form_fields(client.get(url).content.decode())
    data = {**management, **{name: "" for name in names}, "awards-TOTAL_FORMS": "999999999"}
    before = Agreement.objects.count()
    response = client.post(url, data)
    assert response.status_code == 200
    awards = next(
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "awards"
    )
    assert len(awards.forms) == 50
    assert "50" in str(awards.non_form_errors())
    assert Agreement.objects.count() == before
