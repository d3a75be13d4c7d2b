"""Staff type without diacritics: every picker and admin search still finds what they mean."""

import re

import pytest
from django.urls import reverse

from coordination.models import Province, UnionBranch


def _autocomplete(client, model_name, field_name, term):
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "coordination",
            "model_name": model_name,
            "field_name": field_name,
            "term": term,
        },
    )
    assert response.status_code == 200
    return [item["text"] for item in response.json()["results"]]


@pytest.mark.parametrize(
    "model_name, field_name, term, expected",
    [
        ("outreachevent", "province", "bac ninh", "Bắc Ninh"),
        ("outreachevent", "province", "BAC NINH", "Bắc Ninh"),
        ("outreachevent", "province", "ha noi", "Hà Nội"),
        ("outreachevent", "province", "hue", "Huế"),
        ("outreachevent", "province", "thua thien", "Thừa Thiên Huế"),
        ("outreachevent", "province", "dong nai", "Đồng Nai"),
        ("outreachevent", "organiser", "cong doan", "Công đoàn Công an tỉnh Bắc Ninh"),
        ("outreachevent", "organiser", "cong an bac", "Công đoàn Công an tỉnh Bắc Ninh"),
        ("outreachevent", "partners", "dong nai", "Công đoàn Công an tỉnh Đồng Nai"),
        ("outreachevent", "partners", "tong lien doan", "Tổng LĐLĐ Việt Nam"),
        ("outreachevent", "partners", "ldld", "Tổng LĐLĐ Việt Nam"),
        ("unionbranch", "parent", "cong doan cong an nhan dan", "CĐ CAND"),
        ("unionbranch", "parent", "cd cand", "CĐ CAND"),
        ("unionbranch", "province", "bac ninh", "Bắc Ninh"),
    ],
)
def test_pickers_ignore_diacritics_and_case(client, staff, model_name, field_name, term, expected):
    client.force_login(staff["central"])
    assert expected in _autocomplete(client, model_name, field_name, term)


def test_a_word_matches_from_its_start_only(client, staff):
    client.force_login(staff["central"])
    found = _autocomplete(client, "outreachevent", "province", "yen")
    assert "Hưng Yên" in found and "Tuyên Quang" not in found


def test_branch_picker_of_a_clerk_still_offers_only_their_scope(client, staff):
    client.force_login(staff["entry"])
    found = _autocomplete(client, "outreachevent", "organiser", "cong doan")
    assert set(found) == {"Công đoàn Công an tỉnh Bắc Ninh", "Công đoàn cơ sở Phòng PC06 Bắc Ninh"}


def test_the_province_picker_of_a_branch_offers_current_units_only(client, staff):
    client.force_login(staff["central"])
    found = _autocomplete(client, "unionbranch", "province", "bac")
    assert "Bắc Ninh" in found and not [text for text in found if "(cũ)" in text]


@pytest.mark.parametrize(
    "model, term, expected",
    [
        ("unionbranch", "cong an tinh bac ninh", {"Công đoàn Công an tỉnh Bắc Ninh"}),
        ("unionbranch", "dong nai", {"Công đoàn Công an tỉnh Đồng Nai"}),
        ("province", "ha noi", {"Hà Nội"}),
        ("focusarea", "tuyen truyen", None),
        ("activitytype", "tuyen truyen", None),
    ],
)
def test_change_list_search_ignores_diacritics(client, staff, model, term, expected):
    client.force_login(staff["central"])
    url = reverse(f"admin:coordination_{model}_changelist")
    found = {str(obj) for obj in client.get(url, {"q": term}).context["cl"].result_list}
    if expected is None:
        assert found, f"nothing found for {term!r}"
    else:
        assert {re.sub(r" \(cũ.*\)$", "", text) for text in found} == expected


def test_search_with_nothing_matching_finds_nothing(client, staff):
    client.force_login(staff["central"])
    assert _autocomplete(client, "outreachevent", "province", "khong co tinh nay") == []
    assert Province.objects.exists() and UnionBranch.objects.exists()
