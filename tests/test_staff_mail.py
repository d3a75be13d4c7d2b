"""Staff who get the review mail: assign_staff takes an address and a name; the admin and the
digest name those no mail reaches; each person chooses a mail at each step or a daily summary."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from coordination import changes, services
from coordination.models import OutreachEvent, StaffProfile

User = get_user_model()


def _assign(*args, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command("assign_staff", *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


# assign_staff --email --name


def test_assign_staff_records_the_address_and_the_name(branches):
    out, err = _assign(
        "lan", "cdca-bn", role="entry", email=" lan@CongAn.vn ", name="Nguyễn  Thị Lan"
    )
    lan = User.objects.get(username="lan")
    assert lan.email == "lan@congan.vn" and lan.get_full_name() == "Nguyễn Thị Lan"
    assert "lan@congan.vn" in out and err == ""


def test_assign_staff_updates_the_address_of_someone_already_there(branches):
    _assign("lan", "cdca-bn", role="entry")
    _assign("lan", "cdca-bn", role="entry", email="lan.moi@congan.vn")
    assert User.objects.get(username="lan").email == "lan.moi@congan.vn"


@pytest.mark.parametrize(
    "email", ["lan", "lan@", "lan@congan vn", "@congan.vn", "a" * 250 + "@x.vn"]
)
def test_assign_staff_refuses_a_bad_address_and_changes_nothing(branches, email):
    with pytest.raises(CommandError, match="không phải là địa chỉ e-mail"):
        _assign("lan", "cdca-bn", role="entry", email=email)
    assert not User.objects.filter(username="lan").exists()


def test_assign_staff_refuses_an_empty_name(branches):
    with pytest.raises(CommandError, match="họ và tên"):
        _assign("lan", "cdca-bn", role="entry", name="   ")
    assert not User.objects.filter(username="lan").exists()


def test_assign_staff_warns_of_someone_no_mail_reaches(branches):
    _out, err = _assign("hung", "cdca-bn", role="reviewer")
    assert "hung" in err and "--email" in err


# The admin's list of staff says who has no address


def test_the_staff_list_shows_who_gets_no_mail(client, staff):
    staff["reviewer"].email = "reviewer@example.vn"
    staff["reviewer"].save()
    client.force_login(staff["central"])
    url = reverse("admin:auth_user_changelist")
    page = client.get(url).content.decode()
    assert "reviewer@example.vn" in page and "không có: không nhận được thư" in page
    listed = client.get(url, {"email": "none"}).context["cl"].result_list
    assert {user.username for user in listed} == {"entry", "central"}


# Mail at each step, or one summary a day


def _choose(user, mail_choice):
    with changes.recorded():
        StaffProfile.objects.update_or_create(user=user, defaults={"mail": mail_choice})


def _digest():
    out, err = io.StringIO(), io.StringIO()
    call_command("send_review_digest", stdout=out, stderr=err)
    return err.getvalue()


def test_a_reviewer_who_chose_the_summary_gets_it_instead_of_a_mail_each_step(
    mailed, events, django_capture_on_commit_callbacks
):
    _choose(mailed["reviewer"], "digest")
    event = events["own"]
    with django_capture_on_commit_callbacks(execute=True):
        services.move(event, "submitted", by=mailed["entry"])
    assert mail.outbox == []

    _digest()
    [summary] = mail.outbox
    assert summary.to == ["reviewer@example.vn"]
    assert "1 hoạt động chờ duyệt" in summary.subject and event.title in summary.body
    assert f"/admin/coordination/outreachevent/{event.pk}/change/" in summary.body


def test_the_summary_goes_only_to_those_who_chose_it(mailed, events):
    OutreachEvent.objects.filter(pk=events["own"].pk).update(status="submitted")
    _digest()
    assert mail.outbox == []  # the reviewer was mailed at the step itself


def test_a_clerk_who_chose_the_summary_reads_what_came_back_and_what_went_public(
    mailed, events, django_capture_on_commit_callbacks
):
    entry, reviewer = mailed["entry"], mailed["reviewer"]
    _choose(entry, "digest")
    returned, published = events["own"], events["sub"]
    OutreachEvent.objects.filter(pk__in=[returned.pk, published.pk]).update(created_by=entry)
    with django_capture_on_commit_callbacks(execute=True):
        for event in (returned, published):
            services.move(event, "submitted", by=entry)
        services.move(returned, "returned", by=reviewer, comment="Bổ sung số người")
        services.move(published, "published", by=reviewer)
    assert [message.to for message in mail.outbox] == [["reviewer@example.vn"]] * 2

    _digest()
    summary = mail.outbox[-1]
    assert summary.to == ["entry@example.vn"]
    returned_part, published_part = summary.body.split("Đã công bố")
    assert returned.title in returned_part and published.title in published_part
    assert f"/activities/{published.pk}/" in published_part


def test_the_digest_names_the_people_with_something_waiting_and_no_address(staff, events):
    OutreachEvent.objects.filter(pk=events["own"].pk).update(status="submitted")
    err = _digest()
    assert "reviewer" in err and "không có địa chỉ e-mail" in err


# Each person's own notification settings


def test_every_staff_member_sets_their_own_choice_in_admin(client, staff):
    entry = staff["entry"]
    client.force_login(entry)
    index = client.get(reverse("admin:index")).content.decode()
    assert "Tùy chọn thông báo" in index
    page = client.get(reverse("admin:coordination_staffprofile_changelist"), follow=True)
    own = StaffProfile.objects.get(user=entry)
    assert page.redirect_chain[-1][0] == reverse(
        "admin:coordination_staffprofile_change", args=[own.pk]
    )
    form = page.context["adminform"].form
    assert list(form.fields) == ["mail"]  # never their role or anything else of the account
    url = reverse("admin:coordination_staffprofile_change", args=[own.pk])
    assert client.post(url, {"mail": "digest"}).status_code == 302
    assert StaffProfile.objects.get(user=entry).mail == "digest"


def test_nobody_opens_or_changes_someone_elses_choice(client, staff):
    with changes.recorded():
        theirs = StaffProfile.objects.create(user=staff["reviewer"])
    client.force_login(staff["central"])
    url = reverse("admin:coordination_staffprofile_change", args=[theirs.pk])
    assert client.get(url).status_code in (302, 404)
    client.post(url, {"mail": "digest"})
    assert StaffProfile.objects.get(pk=theirs.pk).mail == "immediate"


def test_a_vietnamese_name_reads_in_its_order_wherever_it_is_shown(client, staff, branches):
    """assign_staff --name "Lê Văn Trung": the admin's fields say which part is which, the list
    and the welcome read the whole name in order (a reader saw "Chào mừng bạn, LÊ VĂN.")."""
    call_command("assign_staff", "trung", "cdca-bn", role="central", name="Lê Văn Trung")
    trung = get_user_model().objects.get(username="trung")
    assert (trung.first_name, trung.last_name) == ("Lê Văn", "Trung")
    client.force_login(trung)
    index = client.get(reverse("admin:index")).content.decode()
    assert re.search(r"<strong>Lê Văn Trung</strong>", index)
    form = client.get(reverse("admin:auth_user_change", args=[staff["entry"].pk])).content.decode()
    assert re.search(r'<label[^>]*for="id_first_name">Họ và tên đệm:</label>', form)
    assert re.search(r'<label[^>]*for="id_last_name">Tên:</label>', form)
    listed = client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert "Lê Văn Trung" in listed
