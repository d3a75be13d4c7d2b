"""A code typed by name or without diacritics gets a "did you mean" with the valid codes,
and never one the clerk may not use."""

from django.utils import translation

from .helpers import import_row, upload, xlsx


def _messages(client, **cells):
    with translation.override("vi"):
        response = upload(client, xlsx(import_row("BN-1", **cells)))
    assert response.status_code == 200
    return {error.column: error.message for error in response.context["result"].errors}


def _only(messages):
    [message] = messages.values()
    return message


def test_an_activity_type_typed_without_its_dash_is_suggested(entry_client):
    message = _only(_messages(entry_client, activity_type="tuyen truyen"))
    assert "“tuyen truyen”" in message and "Các mã hợp lệ" in message
    assert "Có phải: tuyen-truyen (Tuyên truyền" in message


def test_a_province_typed_by_name_suggests_its_code(entry_client):
    message = _only(_messages(entry_client, province="ha tinh"))
    assert "Có phải: 42 (Hà Tĩnh)" in message


def test_a_focus_area_typed_loosely_is_suggested(entry_client):
    message = _only(_messages(entry_client, focus_areas="qc04 toi pham"))
    assert "qc04-toi-pham" in message and "Có phải" in message


def test_the_organiser_hint_offers_only_the_clerks_branches(entry_client):
    message = _only(_messages(entry_client, organiser="cong doan cong an tinh dong nai"))
    assert "cdca-dn" not in message
    message = _only(_messages(entry_client, organiser="cong doan co so phong pc06"))
    assert "Có phải: cdcs-pc06-bn" in message


def test_the_branch_import_suggests_a_parent_and_a_province(client, staff):
    from .test_import_branches import _file, _upload

    client.force_login(staff["central"])
    with translation.override("vi"):
        response = _upload(
            client,
            _file(("cdcs-x", "Công đoàn cơ sở X", "", "police", 3, "cdca bn", "ha tinh")),
        )
    messages = " ".join(e.message for e in response.context["result"].errors)
    assert "Có phải: cdca-bn" in messages
    assert "Có phải: 42 (Hà Tĩnh)" in messages


def test_a_file_of_thousands_of_unknown_codes_is_compared_a_bounded_number_of_times(
    entry_client, monkeypatch
):
    """A red team's 46 KB file held 370 unknown partner codes in each of 100 rows: comparing
    each with every branch held a worker for four minutes. Each distinct value is compared
    once, and at most a hundred per file; every bad code is still reported."""
    from coordination.imports import hints

    compared = []
    real = hints.closest
    monkeypatch.setattr(
        hints, "closest", lambda value, choices: compared.append(value) or real(value, choices)
    )
    codes = "; ".join(f"cong doan cong an tinh {n:03d}" for n in range(150))
    rows = [import_row(f"BN-{n}", partners=codes) for n in range(20)]
    with translation.override("vi"):
        response = upload(entry_client, xlsx(*rows))
    assert response.status_code == 200
    errors = response.context["result"].errors
    # One error a row for the column, naming its first bad code.
    assert len(errors) == 20
    assert all("“cong doan cong an tinh 000”" in error.message for error in errors)
    assert len(compared) <= hints.Hints.MAX_LOOKUPS
    assert "Có phải" in errors[0].message
