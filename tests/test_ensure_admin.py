"""`manage.py ensure_admin` (run by `make run`): a first administrator account on an empty
site, its password shown once; afterwards it changes nothing."""

import io
import re

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

User = get_user_model()


def _run(**options):
    out = io.StringIO()
    call_command("ensure_admin", stdout=out, **options)
    return out.getvalue()


def _signs_in(client, username, password):
    """The printed password opens admin, through its login page."""
    client.post(reverse("admin:login"), {"username": username, "password": password})
    return client.get(reverse("admin:index")).status_code == 200


def _password(output):
    found = re.search(r"with password: (\S+)", output)
    assert found, output
    return found.group(1)


def test_creates_an_administrator_and_shows_its_password_once(db, client):
    output = _run()
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff and admin.is_active
    password = _password(output)
    assert len(password) >= 16
    assert _signs_in(client, "admin", password)
    assert "only this once" in output


def test_a_second_run_changes_nothing(db):
    password = _password(_run())
    again = _run()
    assert "already exists" in again and "password" not in again
    assert User.objects.count() == 1
    assert User.objects.get(username="admin").check_password(password)


def test_an_existing_superuser_of_any_name_is_enough(db):
    User.objects.create_superuser("root", password="root-pw")
    output = _run()
    assert "already exists" in output
    assert not User.objects.filter(username="admin").exists()
    assert User.objects.get(username="root").check_password("root-pw")


def test_staff_without_superuser_status_do_not_count(db, staff):
    output = _run()
    assert User.objects.get(username="admin").is_superuser
    assert _password(output)


def test_another_username_can_be_given(db, client):
    password = _password(_run(username="quantri"))
    assert User.objects.get(username="quantri").is_superuser
    assert _signs_in(client, "quantri", password)
    assert not User.objects.filter(username="admin").exists()


def test_each_site_gets_its_own_password(db):
    first = _password(_run())
    User.objects.all().delete()
    assert _password(_run()) != first
