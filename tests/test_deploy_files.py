"""The container holds no secret and runs unprivileged; every setting is documented."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _settings_variables():
    source = (ROOT / "config" / "settings.py").read_text()
    names = re.findall(r'(?:env_bool|env_int|env_list|os\.environ\.get)\(\s*"([A-Z_]+)"', source)
    names += re.findall(r'os\.environ\["([A-Z_]+)"\]', source)
    return set(names) - {"SECURE_COOKIES"}  # the earlier name of HTTPS, kept working


def test_env_example_documents_every_variable():
    documented = set(re.findall(r"^#?\s*([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    missing = _settings_variables() - documented
    assert not missing, f"not in .env.example: {sorted(missing)}"
    assert "POSTGRES_PASSWORD" in documented


def test_compose_file_writes_no_password():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    db = compose["services"]["db"]["environment"]
    web = compose["services"]["web"]["environment"]
    assert db["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD")
    assert "${POSTGRES_PASSWORD" in web["DATABASE_URL"]
    assert web["SECRET_KEY"].startswith("${SECRET_KEY")


def test_image_runs_as_an_unprivileged_user_and_copies_no_env_file():
    dockerfile = (ROOT / "Dockerfile").read_text()
    users = re.findall(r"^USER\s+(\S+)", dockerfile, re.M)
    assert users and users[-1] not in ("root", "0")
    assert re.search(r"^ENV .*SECRET", dockerfile, re.M) is None
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert ".env" in ignored
