"""A mistyped number in the environment stops the start with a message naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = [
    "CONN_MAX_AGE",
    "PUBLIC_PAGE_CACHE_SECONDS",
    "PAGE_CACHE_MAX_BYTES",
    "EMAIL_PORT",
    "EMAIL_TIMEOUT",
    "EXPENSIVE_REQUESTS_MAX",
    "SESSION_IDLE_HOURS",
    "LOGIN_FAILURES_PER_ACCOUNT",
]


@pytest.mark.parametrize("name", SETTINGS)
def test_a_mistyped_number_names_its_variable(tmp_path, name):
    env = {
        "PATH": os.environ.get("PATH", ""),
        # a server database, only parsed: CONN_MAX_AGE is read for a server database
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
        "SECRET_KEY": "test-only",
        "DEBUG": "1",
        name: "abc",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert (
        last
        == f"django.core.exceptions.ImproperlyConfigured: {name} must be a whole number, got 'abc'"
    )
