"""The branch tree in admin goes down one way, as the branch import requires: no branch under
its own sub-branch, a parent always at a higher level than its sub-branches."""

import pytest
from django.urls import reverse

from coordination.models import UnionBranch


def _post(client, branch, **changes):
    data = {
        "code": branch.code,
        "name": branch.name,
        "short_name": branch.short_name,
        "kind": branch.kind,
        "level": branch.level,
        "parent": branch.parent_id or "",
        "province": branch.province_id or "",
        "member_count": "",
        "source": "",
        "source_excerpt": "",
    }
    data.update(changes)
    return client.post(reverse("admin:coordination_unionbranch_change", args=[branch.pk]), data)


@pytest.fixture
def central_client(client, staff):
    client.force_login(staff["central"])
    return client


def _refused(response, branch, message):
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["parent"] == [message]
    return UnionBranch.objects.get(pk=branch.pk)


def test_a_branch_cannot_be_placed_under_its_own_sub_branch(central_client, branches):
    own, sub = branches["own"], branches["sub"]
    response = _post(central_client, own, parent=sub.pk)
    saved = _refused(
        response,
        own,
        "“cdcs-pc06-bn” là công đoàn trực thuộc của đơn vị này: không thể làm cấp trên của nó.",
    )
    assert saved.parent == branches["root"]
    # Both are still in the tree under the national union.
    tree = UnionBranch.objects.subtree_ids([branches["root"].pk])
    assert {own.pk, sub.pk} <= tree


def test_a_branch_cannot_be_its_own_parent(central_client, branches):
    own = branches["own"]
    response = _post(central_client, own, parent=own.pk)
    saved = _refused(response, own, "Một đơn vị không thể là cấp trên của chính nó.")
    assert saved.parent == branches["root"]


def test_a_parent_must_be_at_a_higher_level(central_client, branches):
    own = branches["own"]
    response = _post(central_client, own, parent=branches["other"].pk)
    saved = _refused(
        response, own, "Đơn vị cấp trên “cdca-dn” phải ở cấp cao hơn (số cấp nhỏ hơn)."
    )
    assert saved.parent == branches["root"]


def test_a_branch_cannot_drop_to_the_level_of_its_sub_branches(central_client, branches):
    """A level change first, a new parent next: the way round the parent's level check."""
    own = branches["own"]
    response = _post(central_client, own, level=3)
    _refused(
        response,
        own,
        "Công đoàn trực thuộc “cdcs-pc06-bn” phải ở cấp thấp hơn (số cấp lớn hơn) đơn vị này.",
    )
    assert UnionBranch.objects.get(pk=own.pk).level == 2


def test_moving_a_branch_under_another_of_a_higher_level_still_works(central_client, branches):
    sub = branches["sub"]
    response = _post(central_client, sub, parent=branches["other"].pk)
    assert response.status_code == 302
    assert UnionBranch.objects.get(pk=sub.pk).parent == branches["other"]
