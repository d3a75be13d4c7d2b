"""The branch import keeps the tree a tree: the admin form's placement rule, asked of the tree
as the whole file leaves it."""

import pytest
from django.urls import reverse

from coordination.models import UnionBranch

from .test_import_branches import _file, _upload


@pytest.fixture
def central_client(client, staff):
    client.force_login(staff["central"])
    return client


ROOT = ("cd-cand", "Công đoàn Công an nhân dân", "", "police")


def test_a_branch_moved_below_its_own_sub_branch_refuses_the_file(central_client, branches):
    response = _upload(central_client, _file((*ROOT, 3, "cdca-dn")))
    assert response.status_code == 200
    [error] = response.context["result"].errors
    assert error.row == 2
    assert "cdca-dn" in error.message
    root = UnionBranch.objects.get(code="cd-cand")
    assert root.parent_id is None
    assert root.level == 1
    assert UnionBranch.objects.get(code="cdca-dn").parent_id == root.pk


def test_a_branch_moved_down_to_the_level_of_its_sub_branch_is_refused(central_client, branches):
    response = _upload(
        central_client,
        _file(("cdca-bn", "Công đoàn Công an tỉnh Bắc Ninh", "", "police", 3, "cdca-dn")),
    )
    assert response.status_code == 200
    [error] = response.context["result"].errors
    assert "cdcs-pc06-bn" in error.message
    moved = UnionBranch.objects.get(code="cdca-bn")
    assert (moved.level, moved.parent.code) == (2, "cd-cand")


def test_a_file_that_moves_a_branch_and_its_sub_branch_together_loads(central_client, branches):
    response = _upload(
        central_client,
        _file(
            ("cdca-bn", "Công đoàn Công an tỉnh Bắc Ninh", "", "police", 2, "cdca-dn"),
            ("cdca-dn", "Công đoàn Công an tỉnh Đồng Nai", "", "police", 1, ""),
        ),
    )
    assert response.status_code == 302, response.context["result"].errors
    assert UnionBranch.objects.get(code="cdca-bn").parent.code == "cdca-dn"
    assert reverse("admin:coordination_unionbranch_changelist") in response["Location"]
