"""Deleting an activity lists what goes with it in words, not Django's link rows."""

import html
import re

from coordination.models import FocusArea

from .helpers import event_admin_url


def _text(page):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_the_delete_page_counts_the_links_instead_of_listing_their_rows(
    client, staff, make_event, branches
):
    areas = list(FocusArea.objects.filter(is_active=True).order_by("number")[:3])
    event = make_event(
        title="Hội nghị", focus_areas=areas, partners=[branches["sub"], branches["other"]]
    )
    client.force_login(staff["central"])
    text = _text(client.get(event_admin_url("delete", event.pk)).content.decode())
    assert "object (" not in text and "relationship" not in text
    assert "Hoạt động: Hội nghị" in text
    assert "Bỏ liên kết với 3 lĩnh vực phối hợp, 2 đơn vị công đoàn phối hợp" in text
    assert "Liên kết với lĩnh vực phối hợp: 3" in text
    assert "Liên kết với đơn vị công đoàn phối hợp: 2" in text


def test_deleting_several_activities_says_each_ones_links(client, staff, make_event, branches):
    first = make_event(title="Thứ nhất", partners=[branches["sub"]])
    second = make_event(title="Thứ hai")
    client.force_login(staff["central"])
    data = {"action": "delete_selected", "_selected_action": [first.pk, second.pk]}
    page = client.post(event_admin_url("changelist"), data).content.decode()
    text = _text(page)
    assert "object (" not in text
    assert "Hoạt động: Thứ nhất Bỏ liên kết với 1 lĩnh vực phối hợp, 1 đơn vị" in text
    assert "Hoạt động: Thứ hai Bỏ liên kết với 1 lĩnh vực phối hợp;" in text
    assert "Liên kết với lĩnh vực phối hợp: 2" in text
