"""Every management command of the project answers --help."""

import pytest
from django.core.management import ManagementUtility, get_commands

OURS = sorted(name for name, app in get_commands().items() if app == "coordination")


def test_the_project_has_its_commands():
    assert {"assign_staff", "send_review_digest", "seed"} <= set(OURS)


@pytest.mark.parametrize("name", OURS)
def test_help_of_every_command_prints_its_usage(name, capsys):
    with pytest.raises(SystemExit) as leaving:
        ManagementUtility(["manage.py", name, "--help"]).execute()
    out = capsys.readouterr().out
    assert leaving.value.code == 0
    assert f"manage.py {name}" in out and "--verbosity" in out
