"""A former unit that kept its name is never shown as the current one in a picker."""

from collections import Counter

from django.urls import reverse

from coordination.models import Province

from .test_pickers import _autocomplete


def test_the_activity_province_picker_tells_the_two_ha_tinh_apart(client, staff):
    client.force_login(staff["central"])
    found = _autocomplete(client, "outreachevent", "province", "ha tinh")
    assert "Hà Tĩnh" in found
    assert "Hà Tĩnh (cũ, đến 30/06/2025)" in found
    assert len(found) == len(set(found))


def test_no_two_provinces_share_a_label(seeded):
    labels = Counter(str(p) for p in Province.objects.all())
    assert [label for label, count in labels.items() if count > 1] == []
    choices = Counter(p.choice_label() for p in Province.objects.select_related("successor"))
    assert [label for label, count in choices.items() if count > 1] == []


def test_the_activity_form_lists_each_province_once(client, staff):
    client.force_login(staff["central"])
    page = client.get(reverse("admin:coordination_outreachevent_add")).content.decode()
    assert page.count(">Hà Tĩnh<") <= 1
