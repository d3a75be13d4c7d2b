"""A strict Content-Security-Policy everywhere; HTTPS from one switch; deploy check clean."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent

PAGES = [
    ("home", []),
    ("event-list", []),
    ("dashboard", []),
    ("report", []),
    ("branch-list", []),
    ("province-list", []),
    ("admin:login", []),
]


def _directives(response):
    policy = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.mark.parametrize("name, args", PAGES)
def test_every_page_has_a_strict_policy(client, seeded, name, args):
    directives = _directives(client.get(reverse(name, args=args)))
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]


def test_admin_pages_have_the_policy_too(admin_client, seeded):
    for url in [reverse("admin:index"), reverse("admin:coordination_outreachevent_add")]:
        response = admin_client.get(url)
        assert response.status_code == 200
        assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]


def test_no_inline_script_or_style_in_our_templates():
    templates = ROOT / "coordination" / "templates"
    for path in templates.rglob("*.html"):
        html = path.read_text()
        assert "<script>" not in html and "<style" not in html, path
        assert " style=" not in html and " onclick=" not in html, path


@pytest.fixture(scope="module")
def deployed_database(tmp_path_factory):
    """A migrated database, as a deployed site has (the API's schema check reads it)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('deploy') / 'db.sqlite3'}"
    env = {**_clean_env(), "DEBUG": "1", "DATABASE_URL": url}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=300
    )
    return url


def _clean_env():
    return {
        key: value
        for key, value in os.environ.items()
        if key
        not in ("DEBUG", "HTTPS", "SECURE_COOKIES", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }


def _deploy_check(database, extra):
    env = _clean_env()
    env.update(
        {
            "DATABASE_URL": database,
            "DEBUG": "0",
            "SECRET_KEY": "x7Gq2-production-like-key-that-is-long-enough-0123456789abcdefXYZ",
            "ALLOWED_HOSTS": "hoatdong.example.vn",
            "SITE_URL": "https://hoatdong.example.vn",
        }
    )
    env.update(extra)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_is_clean_with_the_documented_production_settings(deployed_database):
    result = _deploy_check(deployed_database, {"HTTPS": "1"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr


def test_deploy_check_names_what_is_missing_without_https(deployed_database):
    result = _deploy_check(deployed_database, {})
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "security.W004" in output and "security.W008" in output


def test_https_switch_turns_on_redirect_hsts_and_secure_cookies():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings as s; "
            "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, "
            "s.CSRF_COOKIE_SECURE)",
        ],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "HTTPS": "1"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["True", "31536000", "True", "True"], result.stderr


def test_staff_sessions_end_after_a_working_day_and_on_browser_close(settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_SAVE_EVERY_REQUEST
