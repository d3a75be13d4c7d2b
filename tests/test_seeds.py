"""The seeds carry exactly the articles' facts, load idempotently, and load all or nothing."""

import json
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from coordination import changes
from coordination.models import (
    Agreement,
    Award,
    FocusArea,
    KeyFigure,
    OutreachEvent,
    Province,
    Signatory,
    Source,
    UnionBranch,
)
from coordination.seeding import SEEDS_DIR, SPECS, Loader
from coordination.text import fold

from .helpers import assert_tallies_match_a_recount
from .writes import save


def test_qc04_holds_only_what_the_second_article_says(regulation):
    assert (regulation.number, str(regulation.signed_on)) == ("04", "2023-04-25")
    assert regulation.party_list() == ["Bộ Công an", "Tổng Liên đoàn Lao động Việt Nam"]
    assert regulation.source.key == "article-001"
    assert not regulation.signatories.exists() and not regulation.awards.exists()
    assert not regulation.legal_bases.exists() and regulation.summary == ""
    assert regulation.stated_focus_area_count is None and regulation.supersedes_note == ""
    assert regulation.status == "unknown"  # no source says "in force"
    assert Agreement.objects.for_new_activities() == regulation


def test_the_ceremony_of_the_first_article_is_an_earlier_regulation(seeded):
    earlier = Agreement.objects.get(code="qc-earlier")
    assert (earlier.number, earlier.signed_on, earlier.status) == ("", None, "unknown")
    assert earlier.source.key == "article-000" and earlier.stated_focus_area_count == 7
    assert "Thượng tướng" in earlier.editor_note and "2023" in earlier.editor_note
    assert earlier.supersedes_note.endswith("trên từng lĩnh vực cụ thể.")
    assert Signatory.objects.filter(agreement=earlier, role="signed").count() == 2
    assert Signatory.objects.filter(agreement=earlier, role="attended").count() == 7
    counts = {award.conferred_by: award.recipient_count for award in earlier.awards.all()}
    assert counts == {"Bộ Công an": 13, "Tổng Liên đoàn Lao động Việt Nam": 14}
    assert not Signatory.objects.exclude(agreement=earlier).exists()


def test_the_five_documents_are_what_the_coordination_must_follow(seeded):
    followed = Agreement.objects.followed_by_coordination()
    assert [a.number for a in followed] == ["02-NQ/TW", "90-QĐ/TW", "44-KL/TW", "09-CT/TW", "04"]


def test_focus_areas_are_a_working_list_in_the_articles_words(seeded):
    areas = FocusArea.objects.active()
    assert areas.count() == 7
    names = " ".join(areas.values_list("name", flat=True))
    assert "tuyên truyền, phổ biến pháp luật" in names.lower() and "giáo dục" not in names
    assert all(area.name_en for area in areas)


def test_no_seeded_activity_claims_a_regulation(seeded):
    seeded_events = OutreachEvent.objects.filter(external_ref__startswith="seed-")
    assert seeded_events.count() == 10
    assert not seeded_events.filter(agreement__isnull=False).exists()
    de_an = OutreachEvent.objects.get(external_ref="seed-de-an-06")
    assert de_an.organiser_note == "CĐ CA nhiều đơn vị, địa phương"


def test_seeded_activities_match_the_articles(seeded):
    aggregate = OutreachEvent.objects.get(external_ref="seed-tuyen-truyen-kcn")
    assert (aggregate.sessions, aggregate.figures_qualifier) == (2000, "more_than")
    assert aggregate.start_date is None and aggregate.date_precision == "unknown"
    # The yearly Tết programme is one programme, not one activity per place the article
    # lists; its list ends in "..." and the record says it is not exhaustive.
    tet = OutreachEvent.objects.filter(activity_type__code="tham-hoi-tet")
    assert tet.count() == 1
    programme = tet.get()
    assert programme.province is None and not programme.nationwide
    place = " ".join(programme.place.split())
    places = "Điện Biên, Hà Giang, Cao Bằng, Bắc Ninh, Bắc Giang, Hưng Yên, Huế, Nghệ An, Bà Rịa"
    assert places in place and "Thái Nguyên…" in place and "không kể hết" in place
    # No seeded source says "toàn quốc": a blank province is "place not given".
    assert not OutreachEvent.objects.filter(nationwide=True).exists()
    # Nothing invented: no seeded activity carries a date or a participant count.
    assert not OutreachEvent.objects.filter(start_date__isnull=False).exists()
    assert not OutreachEvent.objects.filter(participants__isnull=False).exists()
    assert KeyFigure.objects.get(code="cand-members").qualifier == "nearly"
    assert KeyFigure.objects.get(code="relief-mobilised").value is None


def test_34_current_and_63_former_provinces(seeded):
    assert Province.objects.current().count() == 34
    assert Province.objects.former().count() == 63
    assert not Province.objects.former().filter(successor__isnull=True).exists()


@pytest.mark.parametrize(
    "former, current",
    [
        (("24", "Bắc Giang"), ("24", "Bắc Ninh")),
        (("27", "Bắc Ninh"), ("24", "Bắc Ninh")),
        (("02", "Hà Giang"), ("08", "Tuyên Quang")),
        (("77", "Bà Rịa - Vũng Tàu"), ("79", "TP. Hồ Chí Minh")),
        (("35", "Hà Nam"), ("37", "Ninh Bình")),
        (("62", "Kon Tum"), ("51", "Quảng Ngãi")),
        (("15", "Yên Bái"), ("15", "Lào Cai")),
        (("44", "Quảng Bình"), ("44", "Quảng Trị")),
        (("52", "Bình Định"), ("52", "Gia Lai")),
        (("80", "Long An"), ("80", "Tây Ninh")),
        (("82", "Tiền Giang"), ("82", "Đồng Tháp")),
        (("91", "Kiên Giang"), ("91", "An Giang")),
        (("46", "Thừa Thiên Huế"), ("46", "Huế")),
        (("01", "Hà Nội"), ("01", "Hà Nội")),
    ],
)
def test_former_province_maps_to_its_successor(seeded, former, current):
    unit = Province.objects.get(code=former[0], era="former")
    assert unit.name == former[1]
    assert (unit.successor.code, unit.successor.name) == current


def test_provinces_agree_with_vietnamadminunits(seeded):
    """Cross-check every code and mapping against the package's own data."""
    import vietnamadminunits

    data = Path(vietnamadminunits.__file__).parent / "data"
    legacy = json.loads((data / "parser_legacy.json").read_text())["DICT_PROVINCE"]
    new = json.loads((data / "parser_from_2025.json").read_text())["DICT_PROVINCE"]
    merged = json.loads((data / "converter_2025.json").read_text())["DICT_PROVINCE"]
    legacy_code = {key: unit["provinceCode"] for key, unit in legacy.items()}
    expected = {
        (legacy_code[old_key], new[new_key]["provinceCode"])
        for new_key, old_keys in merged.items()
        for old_key in old_keys
    }
    ours = set(Province.objects.former().values_list("code", "successor__code"))
    assert ours == expected
    assert set(Province.objects.current().values_list("code", flat=True)) == {
        unit["provinceCode"] for unit in new.values()
    }
    by_code = {unit["provinceCode"]: fold(unit["provinceShort"]) for unit in legacy.values()}
    # The package names former unit 46 by the city's later name; before 2025 it was the
    # province of Thừa Thiên Huế, as design.md and the article's era have it.
    by_code["46"] = "thua thien hue"
    for unit in Province.objects.former():
        # "TP. Hồ Chí Minh": the package writes the bare name.
        name = fold(unit.name.removeprefix("TP. ")).replace("–", "-")
        assert name == by_code[unit.code].replace("–", "-"), unit


def test_thua_thien_hue_is_one_province_renamed_the_city_of_hue_on_1_1_2025(seeded):
    former = Province.objects.get(code="46", era="former")
    assert (former.name, former.kind, str(former.renamed_on)) == (
        "Thừa Thiên Huế",
        "province",
        "2025-01-01",
    )
    current = Province.objects.get(code="46", era="current")
    assert (current.name, current.kind) == ("Huế", "city")


def test_ho_chi_minh_city_reads_as_a_city_and_sorts_under_h(seeded):
    names = list(Province.objects.current().values_list("name", flat=True))
    assert "TP. Hồ Chí Minh" in names and "Hồ Chí Minh" not in names
    position = names.index("TP. Hồ Chí Minh")
    assert names[position - 1] == "Hải Phòng" and names[position + 1] == "Huế"


def test_every_seeded_fact_quotes_its_source_word_for_word(seeded):
    texts = {
        source.pk: " ".join((SEEDS_DIR / "sources" / source.file_name).read_text().split())
        for source in Source.objects.all()
    }
    quoted = 0
    for model in (Agreement, Signatory, FocusArea, Award, KeyFigure, OutreachEvent, UnionBranch):
        for record in model.objects.all():
            assert record.source_id, f"{model.__name__} {record} cites no source"
            text = texts[record.source_id]
            # A quote of several sentences joins them with " […] ", in the article's order.
            at = 0
            for part in " ".join(record.source_excerpt.split()).split(" […] "):
                assert part and part in text[at:], f"{record}: {part!r}"
                at = text.index(part, at) + len(part)
            quoted += 1
    assert quoted > 40


def _snapshot():
    return {
        spec.model.__name__: sorted(
            tuple(sorted((k, str(v)) for k, v in row.items() if k not in ("updated_at",)))
            for row in spec.model.objects.values()
        )
        for spec in SPECS
    }


def test_seeding_twice_changes_nothing(seeded, capsys):
    before = _snapshot()
    call_command("seed")
    assert "0 created, 0 updated" in capsys.readouterr().out
    assert _snapshot() == before


@pytest.fixture
def seed_copy(tmp_path):
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS_DIR, target)
    return target


def test_edited_seed_file_updates_the_matching_record(seeded, seed_copy):
    path = seed_copy / "key_figures.yaml"
    path.write_text(path.read_text().replace("value: 565", "value: 566"))
    counts = Loader(seed_copy).run()
    assert counts["updated"] == 1 and counts["created"] == 0
    assert KeyFigure.objects.get(code="cand-grassroots-unions").value == 566


def test_broken_seed_file_names_the_problem_and_loads_nothing(seeded, seed_copy):
    before = _snapshot()
    path = seed_copy / "events.yaml"
    path.write_text(path.read_text().replace("sessions: 2000", "sessions: -5", 1))
    # An edit that would load fine, to show that nothing at all is written.
    figures = seed_copy / "key_figures.yaml"
    figures.write_text(figures.read_text().replace("value: 565", "value: 566"))
    with pytest.raises(CommandError) as error:
        call_command("seed", dir=str(seed_copy))
    message = str(error.value)
    assert "events.yaml, record 1, field 'sessions'" in message
    assert _snapshot() == before


def test_unknown_reference_and_bad_yaml_are_reported(seeded, seed_copy):
    before = _snapshot()
    (seed_copy / "branches.yaml").write_text("- code: x\n  name: X\n  kind: police\n  level: 9\n")
    (seed_copy / "awards.yaml").write_text("- medal: [unclosed\n")
    with pytest.raises(CommandError) as error:
        call_command("seed", dir=str(seed_copy))
    message = str(error.value)
    assert "awards.yaml" in message
    assert "branches.yaml, record 1, field 'level'" in message
    assert "events.yaml" not in message  # cd-cand is still in the database from before
    assert _snapshot() == before


def test_empty_database_loads_everything_or_nothing(transactional_db, seed_copy):
    from django.core.management import call_command as run

    run("flush", "--noinput")
    (seed_copy / "branches.yaml").write_text("- code: x\n  name: X\n  kind: police\n  level: 9\n")
    with pytest.raises(CommandError) as error:
        run("seed", dir=str(seed_copy))
    assert "events.yaml" in str(error.value)  # its organiser cd-cand is not in the file
    assert Province.objects.count() == 0 and OutreachEvent.objects.count() == 0


def _old_layout():
    """The database as seeds before this change left it: the ceremony under Quy chế 04."""
    qc04 = Agreement.objects.get(code="qc-04-2023")
    earlier = Agreement.objects.get(code="qc-earlier")
    ids = {
        "signatories": list(earlier.signatories.values_list("pk", flat=True)),
        "awards": list(earlier.awards.values_list("pk", flat=True)),
    }
    seeded_events = OutreachEvent.objects.filter(external_ref__startswith="seed-")
    with changes.recorded(seeded_events) as batch:
        for record in [*earlier.signatories.all(), *earlier.awards.all()]:
            record.agreement = qc04
            record.save()
            batch.touch(record)
        qc04.summary = "Triển khai trên 7 lĩnh vực trọng tâm, nhằm tăng cường trách nhiệm…"
        qc04.supersedes_note = "Các văn bản đã ký kết trước đây giữa Bộ Công an và Tổng LĐLĐ…"
        qc04.status = "in_force"
        qc04.save()
        qc04.legal_bases.set(Agreement.objects.filter(code__in=["nq-02-2021", "qd-90-2022"]))
        batch.touch(qc04)
        for event in seeded_events:
            event.agreement = qc04
            event.save()
            batch.touch(event)
    return qc04, earlier, ids


def test_seeding_moves_an_old_database_without_duplicates_and_keeps_history(seeded):
    qc04, earlier, ids = _old_layout()
    Loader().run()
    assert sorted(earlier.signatories.values_list("pk", flat=True)) == sorted(ids["signatories"])
    assert sorted(earlier.awards.values_list("pk", flat=True)) == sorted(ids["awards"])
    assert Signatory.objects.count() == 9 and Award.objects.count() == 2
    qc04.refresh_from_db()
    assert (qc04.summary, qc04.supersedes_note, qc04.status) == ("", "", "unknown")
    assert not qc04.legal_bases.exists()
    assert not OutreachEvent.objects.filter(agreement=qc04, external_ref__startswith="seed-")
    moved = Signatory.objects.get(name="Tô Lâm")
    assert [h.agreement_id for h in moved.history.all()[:2]] == [earlier.pk, qc04.pk]
    before = _snapshot()
    assert Loader().run()["updated"] == 0
    assert _snapshot() == before


def test_in_force_set_by_a_person_survives_reseeding(seeded, django_user_model):
    qc04 = Agreement.objects.get(code="qc-04-2023")
    qc04.status = "in_force"
    qc04._history_user = django_user_model.objects.create_user("admin-x")
    save(qc04)
    Loader().run()
    qc04.refresh_from_db()
    assert qc04.status == "in_force"


def test_tallies_stay_exact_through_the_move(seeded):
    _old_layout()
    Loader().run()
    assert_tallies_match_a_recount()


OLD_TET_REFS = [
    "seed-tet-dien-bien",
    "seed-tet-ha-giang",
    "seed-tet-cao-bang",
    "seed-tet-bac-ninh",
    "seed-tet-bac-giang",
    "seed-tet-hung-yen",
    "seed-tet-hue",
    "seed-tet-nghe-an",
    "seed-tet-ba-ria-vung-tau",
    "seed-tet-thai-nguyen",
]


def test_reseeding_a_database_with_the_ten_tet_records_leaves_one(seeded):
    """A database seeded when the Tết programme was one record per place converges: the
    oldest of the ten becomes the one record (its history stays), the other nine go."""
    programme = OutreachEvent.objects.get(activity_type__code="tham-hoi-tet")
    with changes.recorded([programme]) as batch:
        programme.external_ref = OLD_TET_REFS[0]
        programme.province = Province.objects.get(code="11", era="former")
        programme.save()
        batch.touch(programme)
        for ref in OLD_TET_REFS[1:]:
            programme.pk = programme.id = None
            programme._state.adding = True
            programme.external_ref = ref
            programme.save()
            batch.touch(programme)
    kept = OutreachEvent.objects.get(external_ref=OLD_TET_REFS[0])
    assert OutreachEvent.objects.filter(activity_type__code="tham-hoi-tet").count() == 10

    counts = Loader().run()

    tet = OutreachEvent.objects.filter(activity_type__code="tham-hoi-tet")
    assert list(tet.values_list("pk", flat=True)) == [kept.pk]
    assert tet.get().province is None and tet.get().history.count() > 1
    assert not OutreachEvent.objects.filter(external_ref__in=OLD_TET_REFS).exists()
    assert counts["deleted"] == 9
    assert OutreachEvent.objects.published().count() == 10
    assert_tallies_match_a_recount()
    before = _snapshot()
    again = Loader().run()
    assert (again["created"], again["updated"], again["deleted"]) == (0, 0, 0)
    assert _snapshot() == before
