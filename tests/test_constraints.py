"""What must always hold is enforced by the database itself, on SQLite and PostgreSQL."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction

from coordination.models import Award, FocusArea, OutreachEvent, Province, UnionBranch

from .writes import save


def _refused(callable_):
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_()


def test_end_date_before_start_is_refused(make_event):
    event = make_event()
    _refused(
        lambda: OutreachEvent.objects.filter(pk=event.pk).update(
            start_date=datetime.date(2024, 5, 2), end_date=datetime.date(2024, 5, 1)
        )
    )


def test_undated_activity_must_say_its_date_is_not_given(make_event):
    event = make_event()
    _refused(lambda: OutreachEvent.objects.filter(pk=event.pk).update(start_date=None))
    OutreachEvent.objects.filter(pk=event.pk).update(start_date=None, date_precision="unknown")


def test_negative_counts_are_refused(make_event):
    event = make_event()
    _refused(lambda: OutreachEvent.objects.filter(pk=event.pk).update(sessions=-1))
    _refused(lambda: OutreachEvent.objects.filter(pk=event.pk).update(participants=-5))


def test_negative_recipient_count_is_refused(seeded):
    award = Award.objects.first()
    _refused(lambda: Award.objects.filter(pk=award.pk).update(recipient_count=-1))


def test_former_province_must_point_to_a_current_one(seeded):
    # No successor at all.
    _refused(lambda: Province.objects.create(code="99", era="former", name="Không có"))

    # A former unit (Hà Giang, 02) as successor: the foreign key targets current units only.
    # Django defers foreign-key checks to commit time, so check them now.
    def point_to_former():
        Province.objects.bulk_create(
            [Province(code="98", era="former", name="Sai", successor_id="02")]
        )
        connection.check_constraints(table_names=[Province._meta.db_table])

    _refused(point_to_former)


def test_current_province_points_to_none(seeded):
    _refused(lambda: Province.objects.filter(code="24", era="current").update(successor_id="01"))


def test_province_code_is_unique_within_its_era_only(seeded):
    # 24 is both the former Bắc Giang and the current Bắc Ninh…
    assert Province.objects.get(code="24", era="former").name == "Bắc Giang"
    assert Province.objects.get(code="24", era="current").name == "Bắc Ninh"
    # …but never twice in one era.
    _refused(lambda: Province.objects.create(code="24", era="current", name="Trùng"))


def test_focus_area_code_is_unique_and_position_is_not(seeded):
    # Reordering may give two areas the same place for a moment; a code names one area only.
    save(FocusArea(code="moi", number=1, name="Cùng vị trí"))
    _refused(lambda: FocusArea.objects.create(code="moi", number=9, name="Trùng mã"))


def test_branch_code_is_unique(seeded):
    _refused(
        lambda: UnionBranch.objects.create(code="cd-cand", name="Trùng", kind="police", level=1)
    )
