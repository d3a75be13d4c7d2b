"""The admin reads Vietnamese throughout: Django's gaps, simple_history's pages, our notes."""

import json
import re
from html import unescape

from django.urls import reverse

from coordination.models import Agreement, Award, FocusArea, OutreachEvent, Signatory
from coordination.services import change_status


def test_admin_links_and_filters_read_vietnamese(admin_client, seeded):
    index = admin_client.get(reverse("admin:index")).content.decode()
    assert "Tăng/giảm" not in index and "Thay đổi" in index
    listing = admin_client.get(reverse("admin:coordination_outreachevent_changelist"))
    html = listing.content.decode()
    assert "Hiện số lượng" in html or "Ẩn số lượng" in html
    assert "Show counts" not in html and "Hide counts" not in html


def test_status_change_history_reads_vietnamese(admin_client, make_event, django_user_model):
    event = make_event(status="draft")
    admin = django_user_model.objects.get(username="admin")
    change_status(OutreachEvent.objects.filter(pk=event.pk), "published", by=admin)
    url = reverse("admin:coordination_outreachevent_history", args=[event.pk])
    html = admin_client.get(url).content.decode()
    assert "Chuyển trạng thái sang “đã công bố”" in html
    for english in ("Change reason", "Changed by", "Date/time", "status →"):
        assert english not in html, english
    assert "Lý do thay đổi" in html and "Người sửa" in html


def test_focus_area_admin_states_the_working_list_and_keeps_codes(admin_client, seeded):
    html = admin_client.get(reverse("admin:coordination_focusarea_changelist")).content.decode()
    assert "Danh sách làm việc lập từ các bài báo" in html
    area = FocusArea.objects.get(code="qc04-toi-pham")
    change = admin_client.get(reverse("admin:coordination_focusarea_change", args=[area.pk]))
    assert change.status_code == 200 and "code" not in change.context["adminform"].form.fields


def test_agreement_admin_edits_english_and_status(admin_client, seeded):
    earlier = Agreement.objects.get(code="qc-earlier")
    response = admin_client.get(reverse("admin:coordination_agreement_change", args=[earlier.pk]))
    fields = response.context["adminform"].form.fields
    for name in ("title_en", "summary_en", "editor_note", "editor_note_en", "number", "status"):
        assert name in fields, name
    assert not fields["number"].required


def test_admin_javascript_phrases_read_vietnamese(admin_client):
    script = admin_client.get("/admin/jsi18n/").content.decode()
    assert "Ch\\u1ecdn t\\u1ea5t c\\u1ea3 %s" in script or "Chọn tất cả %s" in script
    assert "Th\\u1ee9 hai" in script or "Thứ hai" in script


def _text(response):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def test_django_admin_phrases_read_as_the_review_asks(admin_client, seeded):
    response = admin_client.get(reverse("admin:index"))
    assert 'title="Các bảng dữ liệu trong' in unescape(response.content.decode())
    index = _text(response)
    assert "mô models" not in unescape(response.content.decode())
    assert "Thao tác gần đây" in index and "Thao tác của tôi" in index
    assert "Hoạt động gần đây" not in index and "Người sử dụng" not in index
    earlier = Agreement.objects.get(code="qc-earlier")
    url = reverse("admin:coordination_agreement_change", args=[earlier.pk])
    change = _text(admin_client.get(url))
    assert "Lịch sử" in change and "Bản ghi nhớ" not in change
    listing = _text(admin_client.get(reverse("admin:coordination_outreachevent_changelist")))
    assert "Thêm hoạt động" in listing and "Thêm vào" not in listing
    assert re.search(r"Đã chọn 0/\d+", listing) and "được chọn" not in listing
    script = admin_client.get("/admin/jsi18n/").content.decode()  # JSON: \u escapes
    assert json.dumps("Đã chọn %(sel)s/%(cnt)s") in script
    assert json.dumps("Bấm để chọn tất cả %s cùng lúc.") in script


def test_login_throttling_admin_reads_vietnamese(admin_client, seeded):
    index = _text(admin_client.get(reverse("admin:index")))
    assert "Lượt đăng nhập" in index and "Lượt thử đăng nhập" in index
    assert "Nhật ký đăng nhập" in index
    for english in ("Axes", "Access attempts", "Access logs", "Access failures"):
        assert english not in index
    attempts = _text(admin_client.get(reverse("admin:axes_accessattempt_changelist")))
    assert "Theo Thời điểm thử" in attempts and "Theo Đang bị khóa" in attempts


def test_admin_models_and_english_fields_of_people_and_awards_are_editable(admin_client, seeded):
    person = Signatory.objects.get(name="Tô Lâm")
    url = reverse("admin:coordination_signatory_change", args=[person.pk])
    fields = admin_client.get(url).context["adminform"].form.fields
    assert {"rank_en", "position_en", "organisation_en"} <= set(fields)
    award = Award.objects.filter(recipient_count=13).get()
    fields = admin_client.get(reverse("admin:coordination_award_change", args=[award.pk]))
    fields = fields.context["adminform"].form.fields
    assert {"medal_en", "conferred_by_en", "recipient_group_en", "caption_excerpt"} <= set(fields)
