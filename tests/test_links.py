"""Detail addresses reversed once per name give what Django's reverse() gives."""

import pytest
from django.urls import reverse, set_script_prefix

from coordination.links import detail_url


@pytest.mark.parametrize(
    "name, arg",
    [
        ("event-detail", 713243),
        ("agreement-detail", 6),
        ("branch-detail", "demo-cdca-79"),
        ("province-detail", "79"),
        ("province-detail", "Bắc Ninh & 24?"),
    ],
)
def test_detail_url_is_what_reverse_gives(name, arg):
    assert detail_url(name, arg) == reverse(name, args=[arg])
    set_script_prefix("/tracker/")
    try:
        assert detail_url(name, arg) == reverse(name, args=[arg])
        assert detail_url(name, arg).startswith("/tracker/")
    finally:
        set_script_prefix("/")
