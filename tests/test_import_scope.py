"""An import row never tells a clerk what exists outside the branches they work for."""

from coordination.models import OutreachEvent

from .helpers import import_row, upload, xlsx


def _ref_errors(response):
    return [e.message for e in response.context["result"].errors if e.row == 2]


def test_a_reference_of_another_branch_is_not_said_to_exist_there(
    client, staff, make_event, branches
):
    other = make_event(external_ref="DN-1", organiser=branches["other"], title="Của Đồng Nai")
    client.force_login(staff["entry"])

    (message,) = _ref_errors(upload(client, xlsx(import_row("DN-1"))))
    assert "khác" not in message and "đơn vị" not in message
    assert branches["other"].code not in message and branches["other"].name not in message

    # With an ID of the clerk's own: the other branch's activity is not named by its ID.
    own = make_event(external_ref="BN-7", organiser=branches["own"], title="Của Bắc Ninh")
    errors = _ref_errors(upload(client, xlsx(import_row("DN-1", id=str(own.pk)))))
    assert errors and not any(str(other.pk) in error for error in errors)
    assert OutreachEvent.objects.get(pk=other.pk).title == "Của Đồng Nai"
    assert OutreachEvent.objects.get(pk=own.pk).external_ref == "BN-7"


def test_an_id_of_another_branch_gets_the_message_of_an_id_that_does_not_exist(
    client, staff, make_event, branches
):
    other = make_event(external_ref="DN-1", organiser=branches["other"])
    missing = OutreachEvent.objects.order_by("-pk").first().pk + 1000
    client.force_login(staff["entry"])
    (elsewhere,) = _ref_errors(upload(client, xlsx(import_row("", id=str(other.pk)))))
    (nowhere,) = _ref_errors(upload(client, xlsx(import_row("", id=str(missing)))))
    assert elsewhere.replace(str(other.pk), "N") == nowhere.replace(str(missing), "N")
