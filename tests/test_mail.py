"""The review e-mails: where their links point, how they read, who gets them and when."""

import re
import subprocess
from functools import partial
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.checks import run_checks

from coordination import changes, services
from coordination.models import OutreachEvent, StaffAssignment, UnionBranch
from coordination.roles import CENTRAL, ENTRY, group_for

from .helpers import event_admin_url, event_form_data

ROOT = Path(__file__).resolve().parent.parent


def _submit(post, who, event):
    event.refresh_from_db()
    data = {**event_form_data(event), "_submit": "1"}
    return post(who, event_admin_url("change", event.pk), data)


# Links


def test_every_link_in_a_mail_starts_with_the_sites_address(post, mailed, events, settings):
    settings.SITE_URL = "http://127.0.0.1:8100"
    event = events["own"]
    _submit(post, mailed["entry"], event)
    [message] = mail.outbox
    links = re.findall(r"https?://\S+", message.body)
    assert links and all(link.startswith("http://127.0.0.1:8100/") for link in links)
    assert f"http://127.0.0.1:8100/admin/coordination/outreachevent/{event.pk}/change/" in links


def test_make_run_gives_the_server_its_own_address_for_the_links():
    result = subprocess.run(
        ["make", "-n", "run", "PORT=8100"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    [serve] = [line for line in result.stdout.splitlines() if "runserver" in line]
    assert 'SITE_URL="http://127.0.0.1:8100"' in serve and "127.0.0.1:8100" in serve


@pytest.mark.parametrize(
    "site_url, refused",
    [
        ("http://127.0.0.1:8000", True),  # the development default: unset in production
        ("http://localhost", True),
        ("hoatdong.example.vn", True),  # no scheme: no mail program opens it
        ("https://hoatdong.example.vn", False),
    ],
)
def test_the_deploy_check_refuses_a_site_address_nobody_can_open(settings, site_url, refused):
    settings.SITE_URL = site_url
    found = [m.id for m in run_checks(include_deployment_checks=True)]
    assert ("coordination.E001" in found) == refused


# Subjects and bodies are plain text


def test_subject_and_body_read_the_title_as_typed(post, mailed, events):
    event = events["own"]
    title = "\"An ninh\" & <KCN> 'Bắc Ninh'"
    OutreachEvent.objects.filter(pk=event.pk).update(title=title)
    _submit(post, mailed["entry"], event)
    [message] = mail.outbox
    assert title in message.subject and title in message.body
    assert "&quot;" not in message.subject + message.body
    assert "&amp;" not in message.subject + message.body
    assert "&lt;" not in message.subject + message.body


def test_a_title_cannot_add_mail_headers(post, mailed, events):
    event = events["own"]
    OutreachEvent.objects.filter(pk=event.pk).update(title="Hội nghị\r\nBcc: x@evil.example")
    _submit(post, mailed["entry"], event)
    [message] = mail.outbox
    assert "\n" not in message.subject and "\r" not in message.subject
    assert message.bcc == [] and "Bcc" not in message.message().keys()


# Who is told of each step: the people who must act, not everyone above them


@pytest.fixture
def tree(mailed, branches):
    """Bắc Ninh has its own reviewer; Đồng Nai has only a clerk, and a central administrator
    works on the police union above both; a central administrator with no branch."""
    User = get_user_model()

    def person(username, role, branch):
        user = User.objects.create_user(username, email=f"{username}@example.vn", is_staff=True)
        user.groups.add(group_for(role))
        StaffAssignment.objects.create(user=user, branch=branch)
        return user

    return {
        **mailed,
        "central_root": person("trunguong", CENTRAL, branches["root"]),
        "clerk_other": person("nhaplieu_dn", ENTRY, branches["other"]),
    }


def _recipients(callbacks, step):
    before = len(mail.outbox)
    with callbacks(execute=True):
        step()
    return sorted(address for message in mail.outbox[before:] for address in message.to)


@pytest.mark.parametrize(
    "which, clerk, reviewer, reviewers",
    [
        # Its own reviewer; the central administrator above is not copied.
        ("own", "entry", "reviewer", ["reviewer@example.vn"]),
        # A sub-branch without reviewers: the nearest branch above that has one.
        ("sub", "entry", "reviewer", ["reviewer@example.vn"]),
        # No reviewer in Đồng Nai: the next level up, the police union's central administrator.
        ("other", "clerk_other", "central_root", ["trunguong@example.vn"]),
    ],
)
def test_each_step_mails_the_people_who_must_act(
    tree, events, django_capture_on_commit_callbacks, which, clerk, reviewer, reviewers
):
    clerk, reviewer, event = tree[clerk], tree[reviewer], events[which]
    OutreachEvent.objects.filter(pk=event.pk).update(created_by=clerk)
    told = partial(_recipients, django_capture_on_commit_callbacks)
    clerk_address = [clerk.email]

    assert told(lambda: services.move(event, "submitted", by=clerk)) == reviewers
    assert told(lambda: services.move(event, "returned", by=reviewer, comment="Sửa")) == (
        clerk_address
    )
    assert told(lambda: services.move(event, "submitted", by=clerk)) == reviewers
    assert told(lambda: services.move(event, "published", by=reviewer)) == clerk_address

    event.refresh_from_db()
    change = {"participants": 120}
    assert told(lambda: services.propose_change(event, change, by=clerk)) == reviewers
    assert told(lambda: services.return_change(event, by=reviewer, comment="Sai")) == (
        clerk_address
    )
    assert told(lambda: services.propose_change(event, change, by=clerk)) == reviewers
    assert told(lambda: services.approve_change(event, by=reviewer)) == clerk_address


def test_with_no_reviewer_up_the_tree_the_central_administrators_are_told(
    tree, make_event, django_capture_on_commit_callbacks
):
    confederation = UnionBranch.objects.get(code="tong-ldld")
    with changes.recorded():
        federation = UnionBranch.objects.create(
            code="ldld-bn",
            name="LĐLĐ tỉnh Bắc Ninh",
            kind="federation",
            level=2,
            parent=confederation,
        )
    clerk = get_user_model().objects.create_user("ldld", email="ldld@example.vn", is_staff=True)
    clerk.groups.add(group_for(ENTRY))
    StaffAssignment.objects.create(user=clerk, branch=federation)
    event = make_event(organiser=federation, status="draft", created_by=clerk)
    told = _recipients(
        django_capture_on_commit_callbacks, lambda: services.move(event, "submitted", by=clerk)
    )
    assert told == ["central@example.vn", "trunguong@example.vn"]
