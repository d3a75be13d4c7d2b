"""Who may do what in admin: a matrix of role × whose record × action, checked on the server."""

import re
import shlex
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from coordination import changes
from coordination.models import FocusArea, OutreachEvent, UnionBranch

from .helpers import event_admin_url, event_form_data
from .writes import save

# (who, whose event, expected status of the change page)
OPEN = [
    ("entry", "own", 200),
    ("entry", "sub", 200),
    ("entry", "other", 404),
    ("reviewer", "own", 200),
    ("reviewer", "sub", 200),
    ("reviewer", "other", 404),
    ("central", "own", 200),
    ("central", "sub", 200),
    ("central", "other", 200),
]


@pytest.mark.parametrize("who, which, expected", OPEN)
def test_change_page(client, staff, events, who, which, expected):
    client.force_login(staff[who])
    assert client.get(event_admin_url("change", events[which].pk)).status_code == expected


@pytest.mark.parametrize("who, which, expected", OPEN)
def test_history_page(client, staff, events, who, which, expected):
    client.force_login(staff[who])
    assert client.get(event_admin_url("history", events[which].pk)).status_code == expected


@pytest.mark.parametrize(
    "who, expected_titles",
    [
        ("entry", {"Hoạt động own", "Hoạt động sub"}),
        ("reviewer", {"Hoạt động own", "Hoạt động sub"}),
    ],
)
def test_change_list_shows_only_the_scope(client, staff, events, who, expected_titles):
    client.force_login(staff[who])
    response = client.get(event_admin_url("changelist"))
    shown = {event.title for event in response.context["cl"].result_list}
    assert shown == expected_titles


def test_central_list_shows_every_branch(client, staff, events):
    client.force_login(staff["central"])
    shown = {e.title for e in client.get(event_admin_url("changelist")).context["cl"].result_list}
    assert {"Hoạt động own", "Hoạt động sub", "Hoạt động other"} <= shown


@pytest.mark.parametrize(
    "who, which, saved",
    [
        ("entry", "own", True),
        ("entry", "sub", True),
        ("entry", "other", False),
        ("reviewer", "other", False),
        ("central", "other", True),
    ],
)
def test_save(client, staff, events, who, which, saved):
    client.force_login(staff[who])
    event = events[which]
    response = client.post(
        event_admin_url("change", event.pk), event_form_data(event, title="Đã sửa")
    )
    event.refresh_from_db()
    assert (event.title == "Đã sửa") is saved
    assert response.status_code == (302 if saved else 404)


@pytest.mark.parametrize("who", ["entry", "reviewer"])
def test_crafted_post_moving_a_record_out_of_scope_is_refused(client, staff, events, branches, who):
    client.force_login(staff[who])
    event = events["own"]
    response = client.post(
        event_admin_url("change", event.pk),
        event_form_data(event, organiser=branches["other"].pk, title="X"),
    )
    assert response.status_code == 200
    assert "organiser" in response.context["adminform"].form.errors
    event.refresh_from_db()
    assert (event.organiser, event.title) == (branches["own"], "Hoạt động own")


def test_entry_cannot_publish_even_by_crafted_post(client, staff, events):
    client.force_login(staff["entry"])
    event = events["own"]
    client.post(event_admin_url("change", event.pk), event_form_data(event, status="published"))
    event.refresh_from_db()
    assert event.status == "draft"
    response = client.post(
        event_admin_url("changelist"),
        {"action": "publish_selected", "_selected_action": [event.pk]},
    )
    event.refresh_from_db()
    assert event.status == "draft" and response.status_code in (200, 302)


@pytest.mark.parametrize(
    "who, which, published",
    [
        ("reviewer", "own", True),
        ("reviewer", "sub", True),
        ("reviewer", "other", False),
        ("central", "other", True),
    ],
)
def test_publish_action(client, staff, events, who, which, published):
    client.force_login(staff[who])
    event = events[which]
    client.post(
        event_admin_url("changelist"),
        {"action": "publish_selected", "_selected_action": [event.pk]},
    )
    event.refresh_from_db()
    assert (event.status == "published") is published
    if published:
        last = event.history.first()
        assert (last.history_user, last.status) == (staff[who], "published")


def test_withdraw_records_who_and_when(client, staff, events):
    client.force_login(staff["reviewer"])
    event = events["own"]
    for action in ("publish_selected", "withdraw_selected"):
        client.post(
            event_admin_url("changelist"), {"action": action, "_selected_action": [event.pk]}
        )
    statuses = [(h.status, h.history_user) for h in event.history.order_by("history_date")]
    assert statuses[-2:] == [("published", staff["reviewer"]), ("withdrawn", staff["reviewer"])]


@pytest.mark.parametrize(
    "who, which, status, deleted",
    [
        ("entry", "own", "draft", True),
        ("entry", "own", "published", False),
        ("entry", "other", "draft", False),
        ("reviewer", "sub", "published", False),
        ("central", "other", "published", True),
    ],
)
def test_delete(client, staff, events, who, which, status, deleted):
    event = events[which]
    OutreachEvent.objects.filter(pk=event.pk).update(status=status)
    client.force_login(staff[who])
    client.post(event_admin_url("delete", event.pk), {"post": "yes"})
    assert OutreachEvent.objects.filter(pk=event.pk).exists() is not deleted


def test_bulk_delete_is_not_offered_to_data_entry(client, staff, events):
    client.force_login(staff["entry"])
    event = events["own"]
    client.post(
        event_admin_url("changelist"),
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )
    assert OutreachEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.parametrize(
    "who, expected",
    [
        ("entry", {"cdca-bn", "cdcs-pc06-bn"}),
        ("central", {"cd-cand", "tong-ldld", "cdca-bn", "cdcs-pc06-bn", "cdca-dn"}),
    ],
)
def test_organiser_autocomplete_offers_only_the_scope(client, staff, who, expected):
    client.force_login(staff[who])
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "coordination",
            "model_name": "outreachevent",
            "field_name": "organiser",
        },
    )
    assert response.status_code == 200
    from coordination.models import UnionBranch

    ids = {int(item["id"]) for item in response.json()["results"]}
    assert set(UnionBranch.objects.filter(pk__in=ids).values_list("code", flat=True)) == expected


def test_entry_reads_but_cannot_change_reference_data(client, staff, regulation):
    client.force_login(staff["entry"])
    url = reverse("admin:coordination_agreement_change", args=[regulation.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"title": "Đổi"})
    assert response.status_code == 403
    regulation.refresh_from_db()
    assert regulation.title != "Đổi"


def test_revert_is_for_central_administrators_only(client, staff, events):
    event = events["own"]
    event.title = "Sửa lần hai"
    save(event)
    first = event.history.order_by("history_date").first()
    url = reverse("admin:coordination_outreachevent_simple_history", args=[event.pk, first.pk])
    client.force_login(staff["entry"])
    client.post(url, event_form_data(event, title=first.title))
    event.refresh_from_db()
    assert event.title == "Sửa lần hai"


# Adding: the form's defaults and rules


def test_add_form_preselects_qc04_and_offers_the_areas_in_use(client, staff, regulation):
    FocusArea.objects.filter(code="qc04-nuoc-ngoai").update(is_active=False)
    client.force_login(staff["entry"])
    form = client.get(event_admin_url("add")).context["adminform"].form
    assert form.initial["agreement"] == regulation.pk
    assert set(form.fields["focus_areas"].queryset) == set(FocusArea.objects.active())
    assert not form.fields["agreement"].required


def test_entry_adds_a_draft(client, staff, events):
    client.force_login(staff["entry"])
    template = events["own"]
    data = event_form_data(template, title="Mới", status="published", loaded_version="")
    response = client.post(event_admin_url("add"), data)
    assert response.status_code == 302
    created = OutreachEvent.objects.get(title="Mới")
    assert created.status == "draft" and created.created_by == staff["entry"]


def test_focus_area_required_and_retired_ones_only_where_they_were(client, staff, events):
    client.force_login(staff["central"])
    retired = FocusArea(code="cu", number=8, name="Đã thôi", is_active=False)
    save(retired)
    event, other = events["own"], events["other"]
    response = client.post(
        event_admin_url("change", event.pk), event_form_data(event, focus_areas=[])
    )
    assert "focus_areas" in response.context["adminform"].form.errors
    response = client.post(
        event_admin_url("change", event.pk), event_form_data(event, focus_areas=[retired.pk])
    )
    assert "focus_areas" in response.context["adminform"].form.errors
    # An activity tagged before the area was retired keeps it through an edit.
    with changes.recorded([other]) as batch:
        other.focus_areas.add(retired)
        batch.touch(other)
    data = event_form_data(other, focus_areas=[a.pk for a in other.focus_areas.all()])
    assert client.post(event_admin_url("change", other.pk), data).status_code == 302
    assert retired in OutreachEvent.objects.get(pk=other.pk).focus_areas.all()


def test_former_province_after_the_merger_names_its_successor(client, staff, events, province):
    client.force_login(staff["entry"])
    event = events["own"]
    response = client.post(
        event_admin_url("change", event.pk),
        event_form_data(event, province=province("24", "former").pk, start_date="02/07/2025"),
    )
    errors = response.context["adminform"].form.errors
    assert "Bắc Ninh" in str(errors["province"])


def test_end_before_start_is_a_vietnamese_field_error(client, staff, events):
    client.force_login(staff["entry"])
    event = events["own"]
    response = client.post(
        event_admin_url("change", event.pk),
        event_form_data(event, start_date="10/03/2024", end_date="09/03/2024"),
    )
    assert "Ngày kết thúc" in str(response.context["adminform"].form.errors["end_date"])


def test_admin_search_ignores_diacritics(client, staff, make_event, branches):
    make_event(title="Bảo vệ an ninh công nhân", organiser=branches["own"])
    client.force_login(staff["entry"])
    found = (
        client.get(event_admin_url("changelist"), {"q": "bao ve an ninh"}).context["cl"].result_list
    )
    assert [e.title for e in found] == ["Bảo vệ an ninh công nhân"]
    found = (
        client.get(event_admin_url("changelist"), {"q": "cong nhan\x00"}).context["cl"].result_list
    )
    assert len(found) == 1


def test_change_list_queries_do_not_grow_with_rows(
    client, staff, make_event, branches, django_assert_max_num_queries
):
    client.force_login(staff["entry"])
    make_event(organiser=branches["own"])
    with django_assert_max_num_queries(40) as few:
        client.get(event_admin_url("changelist"))
    for _ in range(30):
        make_event(organiser=branches["sub"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(event_admin_url("changelist"))


# assign_staff


def test_assign_staff_creates_the_user_and_the_tie(branches, capsys):
    call_command("assign_staff", "lan", "cdca-bn", role="reviewer")
    user = get_user_model().objects.get(username="lan")
    assert user.is_staff and not user.has_usable_password()
    assert user.groups.filter(name="Người duyệt").exists()
    assert user.branch_assignments.get().branch == branches["own"]
    assert "đã tạo người dùng 'lan'" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args, role", [(["lan", "khong-co"], "entry"), (["lan", "cdca-bn"], "boss")]
)
def test_assign_staff_refuses_unknown_branch_or_role(branches, args, role):
    with pytest.raises(CommandError):
        call_command("assign_staff", *args, role=role)
    assert not get_user_model().objects.filter(username="lan").exists()


def test_unknown_branch_is_explained_in_vietnamese_with_the_codes_to_use(seeded):
    with pytest.raises(CommandError) as error:
        call_command("assign_staff", "lan", "cdca-bn", role="entry")
    message = str(error.value)
    assert "Không có đơn vị công đoàn mã 'cdca-bn'" in message
    assert "cd-cand" in message and "tong-ldld" in message
    assert "/admin/coordination/unionbranch/" in message and "--new-branch" in message


def _readme_commands(name):
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    joined = readme.replace("\\\n", " ")
    return [
        shlex.split(line.split("manage.py", 1)[1].split("#", 1)[0])
        for line in joined.splitlines()
        if f"manage.py {name} " in line
    ]


def test_the_readme_staff_example_works_on_a_fresh_install(seeded):
    commands = _readme_commands("assign_staff")
    assert len(commands) >= 2  # the Vietnamese and the English part
    for name, *args in commands:
        call_command(name, *args)
    user = get_user_model().objects.get(username="lan")
    branch = user.branch_assignments.get().branch
    assert (branch.code, branch.parent.code, branch.province.name) == (
        "cdca-bn",
        "cd-cand",
        "Bắc Ninh",
    )
    assert user.groups.filter(name="Nhập liệu").exists()


@pytest.mark.parametrize(
    "options, expected",
    [
        ({"new_branch": "X"}, "--parent"),
        ({"new_branch": "X", "parent": "khong-co"}, "Không có đơn vị công đoàn mã 'khong-co'"),
        ({"new_branch": "X", "parent": "cd-cand", "province": "27"}, "Không có tỉnh"),
    ],
)
def test_a_new_branch_needs_a_known_parent_and_a_current_province(seeded, options, expected):
    with pytest.raises(CommandError, match=re.escape(expected)):
        call_command("assign_staff", "lan", "cdca-bn", role="entry", **options)
    assert not get_user_model().objects.filter(username="lan").exists()
    assert not UnionBranch.objects.filter(code="cdca-bn").exists()


@pytest.mark.parametrize(
    "list_url, link",
    [
        ("admin:coordination_outreachevent_changelist", "admin:coordination_outreachevent_deleted"),
        ("admin:coordination_unionbranch_changelist", "admin:coordination_unionbranch_import"),
    ],
)
def test_only_central_administrators_are_offered_deleted_activities_and_the_branch_import(
    client, staff, list_url, link
):
    for who, offered in [("central", True), ("reviewer", False)]:
        client.force_login(staff[who])
        page = client.get(reverse(list_url)).content.decode()
        assert (f'href="{reverse(link)}"' in page) is offered, who
