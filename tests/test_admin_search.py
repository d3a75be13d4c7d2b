"""The activity admin's search finds an activity by its reference, the key spreadsheets use."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from .helpers import event_admin_url


def _titles(client, query):
    response = client.get(event_admin_url("changelist"), {"q": query})
    return [event.title for event in response.context["cl"].result_list]


def test_a_reference_finds_its_activity_in_any_case(client, staff, make_event, branches):
    make_event(title="Hội nghị", organiser=branches["own"], external_ref="HT-2026-003")
    make_event(title="Tập huấn", organiser=branches["own"], external_ref="HT-2026-0031")
    client.force_login(staff["entry"])
    assert _titles(client, "HT-2026-003") == ["Hội nghị"]
    assert _titles(client, " ht-2026-003 ") == ["Hội nghị"]
    assert _titles(client, "HT-2026-00") == []  # a reference matches whole
    assert _titles(client, "tập huấn") == ["Tập huấn"]  # words still search the text


def test_a_reference_does_not_reveal_another_branchs_activity(client, staff, make_event, branches):
    make_event(title="Của Đồng Nai", organiser=branches["other"], external_ref="DN-2026-001")
    client.force_login(staff["entry"])
    assert _titles(client, "dn-2026-001") == []


def test_a_reference_is_looked_up_in_an_index(client, staff, make_event, branches):
    for n in range(20):
        make_event(title=f"Hoạt động {n}", organiser=branches["own"], external_ref=f"HT-{n:03d}")
    client.force_login(staff["central"])
    with CaptureQueriesContext(connection) as queries:
        assert _titles(client, "ht-007") == ["Hoạt động 7"]
    [lookup] = [q["sql"] for q in queries.captured_queries if 'UPPER("coordination_' in q["sql"]]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")  # a few rows: a scan is cheaper
            cursor.execute("EXPLAIN " + lookup)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + lookup)
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "event_reference_upper" in plan
