"""No role can raise itself: central administrators manage staff by roles and branches only."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse

from coordination.models import StaffAssignment
from coordination.roles import CENTRAL, GROUP_NAMES, group_for

User = get_user_model()


@pytest.fixture
def boss(db):
    return User.objects.create_superuser("boss", password="boss-pw")


@pytest.fixture
def other_central(staff):
    user = User.objects.create_user("central2", password="old-pw", is_staff=True)
    user.groups.add(group_for(CENTRAL))
    return user


def _change_url(user):
    return reverse("admin:auth_user_change", args=[user.pk])


def _staff_form(user, branch=None, **fields):
    """What the central administrator's form posts for this user."""
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "roles": [g.pk for g in user.groups.filter(name__in=GROUP_NAMES.values())],
        "branch_assignments-TOTAL_FORMS": "0",
        "branch_assignments-INITIAL_FORMS": "0",
        "branch_assignments-MIN_NUM_FORMS": "0",
        "branch_assignments-MAX_NUM_FORMS": "1000",
    }
    if branch:
        data.update(
            {"branch_assignments-TOTAL_FORMS": "1", "branch_assignments-0-branch": branch.pk}
        )
    data.update(fields)
    return data


def test_central_administrator_cannot_make_themselves_superuser(client, staff):
    central = staff["central"]
    client.force_login(central)
    page = client.get(_change_url(central))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="is_superuser"' not in html
    assert 'name="user_permissions"' not in html
    assert 'name="groups"' not in html
    everything = Permission.objects.values_list("pk", flat=True)
    response = client.post(
        _change_url(central),
        _staff_form(central, is_superuser="on", user_permissions=list(everything)),
    )
    assert response.status_code == 302
    central.refresh_from_db()
    assert not central.is_superuser
    assert not central.user_permissions.exists()


def test_central_administrator_cannot_join_a_group_outside_the_three_roles(client, staff):
    powerful = Group.objects.create(name="Everything")
    powerful.permissions.set(Permission.objects.all())
    central = staff["central"]
    client.force_login(central)
    response = client.post(_change_url(central), _staff_form(central, roles=[powerful.pk]))
    assert response.status_code == 200  # refused with a message on the field
    assert "roles" in response.context["adminform"].form.errors
    assert not central.groups.filter(pk=powerful.pk).exists()


def test_central_administrator_gives_roles_and_branches(client, staff, branches):
    newcomer = User.objects.create_user("newcomer", password="x", is_staff=True)
    client.force_login(staff["central"])
    reviewer = group_for("reviewer")
    response = client.post(
        _change_url(newcomer), _staff_form(newcomer, branches["own"], roles=[reviewer.pk])
    )
    assert response.status_code == 302
    assert list(newcomer.groups.all()) == [reviewer]
    assert StaffAssignment.objects.filter(user=newcomer, branch=branches["own"]).exists()


def test_central_administrator_adds_a_staff_member_without_superuser_powers(client, staff):
    client.force_login(staff["central"])
    response = client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "clerk2",
            "usable_password": "true",
            "password1": "a-long-Passphrase-42",
            "password2": "a-long-Passphrase-42",
            "roles": [group_for("entry").pk],
            "is_superuser": "on",
            "branch_assignments-TOTAL_FORMS": "0",
            "branch_assignments-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    clerk = User.objects.get(username="clerk2")
    assert clerk.is_staff and not clerk.is_superuser
    assert [g.name for g in clerk.groups.all()] == [GROUP_NAMES["entry"]]


def test_superuser_is_invisible_to_central_administrators(client, staff, boss):
    client.force_login(staff["central"])
    assert client.get(_change_url(boss)).status_code in (302, 404)
    password_url = reverse("admin:auth_user_password_change", args=[boss.pk])
    response = client.post(
        password_url, {"password1": "Taken-over-123", "password2": "Taken-over-123"}
    )
    assert response.status_code == 404
    boss.refresh_from_db()
    assert boss.check_password("boss-pw")
    listing = client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert "boss" not in listing


def test_central_administrator_cannot_set_another_ones_password(client, staff, other_central):
    client.force_login(staff["central"])
    url = reverse("admin:auth_user_password_change", args=[other_central.pk])
    response = client.post(url, {"password1": "Taken-over-123", "password2": "Taken-over-123"})
    assert response.status_code == 403
    other_central.refresh_from_db()
    assert other_central.check_password("old-pw")


def test_central_administrator_resets_a_clerks_password(client, staff):
    client.force_login(staff["central"])
    url = reverse("admin:auth_user_password_change", args=[staff["entry"].pk])
    response = client.post(
        url,
        {"usable_password": "true", "password1": "New-clerk-pw-77", "password2": "New-clerk-pw-77"},
    )
    assert response.status_code == 302
    staff["entry"].refresh_from_db()
    assert staff["entry"].check_password("New-clerk-pw-77")
    last = staff["entry"].history.first()
    assert last.history_user == staff["central"]
    assert last.history_change_reason == "Mật khẩu được quản trị viên đặt lại"


def test_superuser_still_has_the_full_user_screen(client, boss, staff):
    client.force_login(boss)
    html = client.get(_change_url(staff["entry"])).content.decode()
    assert 'name="is_superuser"' in html and 'name="user_permissions"' in html


def test_every_account_change_is_in_the_history_with_who_made_it(client, staff):
    entry = staff["entry"]
    client.force_login(staff["central"])
    before = entry.history.count()
    client.post(_change_url(entry), _staff_form(entry, first_name="Lan"))
    entry.refresh_from_db()
    assert entry.first_name == "Lan"
    assert entry.history.count() > before
    latest = entry.history.first()
    assert latest.history_user == staff["central"] and latest.first_name == "Lan"
    history_page = client.get(reverse("admin:auth_user_history", args=[entry.pk]))
    assert history_page.status_code == 200 and "central" in history_page.content.decode()


def test_central_administrator_cannot_revert_an_account(client, staff):
    entry = staff["entry"]
    entry.is_superuser = True
    entry.save()
    entry.is_superuser = False
    entry.save()
    old = entry.history.filter(is_superuser=True).first()
    client.force_login(staff["central"])
    url = reverse("admin:auth_user_simple_history", args=[entry.pk, old.history_id])
    response = client.post(url, _staff_form(entry))
    assert response.status_code == 403
    entry.refresh_from_db()
    assert not entry.is_superuser


def test_assign_staff_stays_the_command_line_way(branches):
    call_command("assign_staff", "cli-user", "cdca-bn", role="reviewer")
    user = User.objects.get(username="cli-user")
    assert user.is_staff and not user.is_superuser
    assert user.history.exists()


# Another central administrator's account: read, never taken over --------------------------

NEW_PASSWORD = {
    "usable_password": "true",
    "password1": "Taken-over-123",
    "password2": "Taken-over-123",
}


def _password_url(user):
    return reverse("admin:auth_user_password_change", args=[user.pk])


def test_removing_the_role_for_a_moment_does_not_open_another_central_account(
    client, staff, other_central
):
    """The red team's three steps: take the role away, set the password, give the role back."""
    client.force_login(staff["central"])
    no_roles = client.post(_change_url(other_central), _staff_form(other_central, roles=[]))
    password = client.post(_password_url(other_central), NEW_PASSWORD)
    central_role = group_for(CENTRAL).pk
    client.post(_change_url(other_central), _staff_form(other_central, roles=[central_role]))
    assert (no_roles.status_code, password.status_code) == (403, 403)
    other_central.refresh_from_db()
    assert other_central.check_password("old-pw")
    assert other_central.groups.filter(name=GROUP_NAMES[CENTRAL]).exists()


@pytest.mark.parametrize("was", ["central", "superuser"])
def test_an_account_that_held_central_powers_stays_out_of_reach(client, staff, other_central, was):
    """A superuser took the role (or the superuser flag) away: the account is still one a
    central administrator could not take over before, and cannot now."""
    if was == "superuser":
        other_central.groups.clear()
        other_central.is_superuser = True
        other_central.save()
        other_central.is_superuser = False
        other_central.save()
    else:
        other_central.groups.clear()
    client.force_login(staff["central"])
    response = client.post(_password_url(other_central), NEW_PASSWORD)
    assert response.status_code == 403
    other_central.refresh_from_db()
    assert other_central.check_password("old-pw")


@pytest.mark.parametrize(
    "change",
    [{"email": "attacker@example.org"}, {"is_active": ""}, {"username": "renamed"}],
    ids=["e-mail", "deactivation", "username"],
)
def test_central_administrator_cannot_change_another_ones_account(
    client, staff, other_central, change
):
    client.force_login(staff["central"])
    response = client.post(_change_url(other_central), _staff_form(other_central, **change))
    assert response.status_code == 403
    other_central.refresh_from_db()
    assert (other_central.username, other_central.email, other_central.is_active) == (
        "central2",
        "",
        True,
    )


def test_another_central_account_reads_without_password_or_form(client, staff, other_central):
    client.force_login(staff["central"])
    html = client.get(_change_url(other_central)).content.decode()
    assert "central2" in html and GROUP_NAMES[CENTRAL] in html
    assert 'name="email"' not in html and 'name="_save"' not in html
    assert _password_url(other_central) not in html and "md5$" not in html


def test_superuser_sets_a_central_administrators_password(client, boss, other_central):
    client.force_login(boss)
    assert client.post(_password_url(other_central), NEW_PASSWORD).status_code == 302
    other_central.refresh_from_db()
    assert other_central.check_password("Taken-over-123")


def test_central_administrator_still_sets_their_own_password(client, staff):
    central = staff["central"]
    client.force_login(central)
    assert client.post(_password_url(central), NEW_PASSWORD).status_code == 302
    central.refresh_from_db()
    assert central.check_password("Taken-over-123")


# Superusers stay out of sight ---------------------------------------------------------------


def test_superuser_history_is_not_shown_to_central_administrators(client, staff, boss):
    version = boss.history.first()
    client.force_login(staff["central"])
    history = client.get(reverse("admin:auth_user_history", args=[boss.pk]))
    one_version = client.get(
        reverse("admin:auth_user_simple_history", args=[boss.pk, version.history_id])
    )
    assert (history.status_code, one_version.status_code) == (404, 404)
    assert "boss" not in history.content.decode() + one_version.content.decode()


def test_staff_picker_does_not_offer_superusers(client, staff, boss, branches):
    StaffAssignment.objects.create(user=boss, branch=branches["other"])
    client.force_login(staff["central"])
    form = client.get(reverse("admin:coordination_staffassignment_add")).content.decode()
    assert ">entry<" in form and ">boss<" not in form
    listing = client.get(reverse("admin:coordination_staffassignment_changelist"))
    assert "boss" not in listing.content.decode()
    response = client.post(
        reverse("admin:coordination_staffassignment_add"),
        {"user": boss.pk, "branch": branches["own"].pk},
    )
    assert response.status_code == 200
    assert not StaffAssignment.objects.filter(user=boss, branch=branches["own"]).exists()


# Usernames differ by more than case -----------------------------------------------------------


@pytest.mark.parametrize("name", ["ROOT", " Root "])
def test_an_account_cannot_be_renamed_to_a_case_variant_of_another(client, staff, name):
    User.objects.create_superuser("root", password="x")
    entry = staff["entry"]
    client.force_login(staff["central"])
    response = client.post(_change_url(entry), _staff_form(entry, username=name))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["username"]
    assert errors == ["Tên đăng nhập đã được sử dụng"]
    entry.refresh_from_db()
    assert entry.username == "entry"


def test_superuser_cannot_rename_an_account_to_a_case_variant_either(client, boss, staff):
    client.force_login(boss)
    entry = staff["entry"]
    page = client.get(_change_url(entry)).context["adminform"].form
    data = {name: value for name, value in page.initial.items() if value is not None}
    data.update(username="BOSS", groups=[], user_permissions=[], date_joined_0="2025-01-01")
    data.update(date_joined_1="00:00:00", **_staff_form(entry, username="BOSS"))
    response = client.post(_change_url(entry), data)
    assert response.status_code == 200
    assert "username" in response.context["adminform"].form.errors
    entry.refresh_from_db()
    assert entry.username == "entry"


def test_keeping_ones_own_username_is_not_a_clash(client, staff):
    entry = staff["entry"]
    client.force_login(staff["central"])
    response = client.post(_change_url(entry), _staff_form(entry, username="Entry"))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.username == "Entry"


def test_a_new_account_cannot_take_a_case_variant_of_an_existing_name(client, staff):
    client.force_login(staff["central"])
    response = client.post(
        reverse("admin:auth_user_add"),
        {
            "username": " CENTRAL ",
            "usable_password": "true",
            "password1": "a-long-Passphrase-42",
            "password2": "a-long-Passphrase-42",
            "roles": [group_for("entry").pk],
            "branch_assignments-TOTAL_FORMS": "0",
            "branch_assignments-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert User.objects.filter(username__iexact="central").count() == 1


def test_an_old_version_of_another_central_account_is_refused_not_a_server_error(
    client, staff, other_central
):
    """A red team's central administrator opened /admin/auth/user/<id>/history/<n>/ of another
    central administrator: a 500 (the read-only page's fields built an editable form)."""
    version = other_central.history.order_by("history_id").last()
    client.force_login(staff["central"])
    url = reverse("admin:auth_user_simple_history", args=[other_central.pk, version.history_id])
    assert client.get(url).status_code == 403
    own = staff["entry"].history.order_by("history_id").last()
    url = reverse("admin:auth_user_simple_history", args=[staff["entry"].pk, own.history_id])
    assert client.get(url).status_code == 200
