"""The review e-mails: where their links point, how they read, who gets them and when."""

import re
import subprocess
from pathlib import Path

import pytest
from django.core import mail
from django.core.checks import run_checks

from coordination.models import OutreachEvent

from .helpers import event_admin_url, event_form_data

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def mailed(staff):
    for who in ("entry", "reviewer", "central"):
        staff[who].email = f"{who}@example.vn"
        staff[who].save()
    return staff


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """POST as someone, running what the commit would run (the e-mails)."""

    def send(user, url, data):
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    return send


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
