"""Lists sort the way Vietnamese readers expect, in Python and in the database alike."""

import pytest
from django.urls import reverse

from coordination.models import ActivityType, Province, UnionBranch
from coordination.text import sort_key, vi_sorted

from .writes import save

# (earlier, later): each pair is a trap for a naive sort.
PAIRS = [
    ("An", "Ăn"),  # a before ă
    ("Ăn", "Ân"),  # ă before â
    ("Ân", "Bà"),
    ("Dung", "Đà Nẵng"),  # d before đ: Đà Nẵng among the D's, not after Z
    ("Đà Nẵng", "Ea Súp"),
    ("Cà Mau", "Cao Bằng"),  # word by word: "Cà" is shorter than "Cao"
    ("Cao Bằng", "Cần Thơ"),
    ("Hà Nội", "Hải Phòng"),
    ("o", "ô"),
    ("ô", "ơ"),
    ("u", "ư"),
    ("e", "ê"),
    ("Ca", "Cà"),  # tones only break ties: none, huyền, hỏi, ngã, sắc, nặng
    ("Cà", "Cả"),
    ("Cả", "Cã"),
    ("Cã", "Cá"),
    ("Cá", "Cạ"),
    ("Công an cụm phường, xã số 2", "Công an cụm phường, xã số 10"),  # numbers as numbers
    ("số 9", "số 10"),
    ("Zê", "Ω"),
]


@pytest.mark.parametrize("earlier, later", PAIRS)
def test_sort_key_orders_the_tricky_pairs(earlier, later):
    assert sort_key(earlier) < sort_key(later)
    assert vi_sorted([later, earlier]) == [earlier, later]


def test_sort_key_is_plain_lower_case_ascii_so_every_collation_agrees():
    for earlier, later in PAIRS:
        for key in (sort_key(earlier), sort_key(later)):
            assert key.isascii() and key.isalpha() and key.islower(), key


def _names_in_database_order(names):
    for number, name in enumerate(reversed(names)):
        save(ActivityType(code=f"t{number}", name=name, order=500))
    stored = ActivityType.objects.filter(order=500).order_by("sort_key")
    return list(stored.values_list("name", flat=True))


def test_the_database_orders_by_the_same_key(seeded):
    # Every name of the pairs, stored and ordered by SQL (SQLite or PostgreSQL, whichever runs).
    names = vi_sorted({name for pair in PAIRS for name in pair})
    assert _names_in_database_order(names) == names


def test_current_provinces_read_in_vietnamese_order(client, seeded):
    html = client.get(reverse("province-list")).content.decode()
    names = list(Province.objects.current().values_list("name", flat=True))
    positions = [html.index(f">{name}</a>") for name in names]
    listed = [name for _pos, name in sorted(zip(positions, names, strict=True))]
    assert listed == _as_people_look_for_them(names)
    assert listed.index("Hà Tĩnh") < listed.index("TP. Hồ Chí Minh") < listed.index("Huế")
    assert listed.index("Cà Mau") < listed.index("Cao Bằng") < listed.index("Cần Thơ")
    assert listed.index("Đồng Tháp") < listed.index("Gia Lai")  # đ before g, not after z


def test_province_filter_options_read_in_vietnamese_order(client, seeded):
    form = client.get(reverse("event-list")).context["filter"].form
    groups = dict(
        (str(label), options)
        for label, options in form.fields["province"].choices
        if isinstance(options, list)
    )
    current = [str(label) for _code, label in next(iter(groups.values()))]
    assert current == _as_people_look_for_them(current)


def _as_people_look_for_them(names):
    """Vietnamese order, "TP. Hồ Chí Minh" under H, where people look for it."""
    return sorted(names, key=lambda name: sort_key(name.removeprefix("TP. ")))


def test_branch_tree_and_admin_list_read_in_vietnamese_order(client, seeded, admin_client):
    root = UnionBranch.objects.get(code="cd-cand")
    for code, name in [
        ("b10", "Công đoàn cơ sở số 10"),
        ("b2", "Công đoàn cơ sở số 2"),
        ("bd", "Công đoàn Đà Nẵng"),
        ("bz", "Công đoàn Yên Bái"),
    ]:
        save(UnionBranch(code=code, name=name, kind="police", level=2, parent=root))
    html = client.get(reverse("branch-list")).content.decode()
    order = [
        "Công đoàn cơ sở số 2",
        "Công đoàn cơ sở số 10",
        "Công đoàn Đà Nẵng",
        "Công đoàn Yên Bái",
    ]
    assert [html.index(name) for name in order] == sorted(html.index(name) for name in order)
    admin = admin_client.get(reverse("admin:coordination_unionbranch_changelist")).content.decode()
    assert [admin.index(name) for name in order] == sorted(admin.index(name) for name in order)
