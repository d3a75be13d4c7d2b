"""A central administrator loads the branch tree from a spreadsheet: all rows or none."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from coordination.imports import branches as branch_import
from coordination.models import UnionBranch

URL = "admin:coordination_unionbranch_import"


def _file(*rows, name="don-vi.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(branch_import.headers())
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def central_client(client, staff):
    client.force_login(staff["central"])
    return client


def _upload(client, file, follow=False):
    return client.post(reverse(URL), {"file": file}, follow=follow)


def test_a_tree_loads_whatever_the_order_of_its_rows(central_client):
    response = _upload(
        central_client,
        _file(
            # The grassroots union comes before its parent in the file.
            ("cdcs-pc08-hy", "Công đoàn cơ sở Phòng PC08 Hưng Yên", "", "police", 3, "cdca-hy"),
            (
                "cdca-hy",
                "Công đoàn Công an tỉnh Hưng Yên",
                "CĐ CA Hưng Yên",
                "police",
                2,
                "cd-cand",
                "33",
                900,
            ),
            (
                "ldld-hy",
                "Liên đoàn Lao động tỉnh Hưng Yên",
                "",
                "liên đoàn lao động tỉnh, thành phố",
                2,
                "tong-ldld",
                "33",
            ),
        ),
        follow=True,
    )
    assert "3 đơn vị mới" in " ".join(str(m) for m in response.context["messages"])
    child = UnionBranch.objects.get(code="cdcs-pc08-hy")
    assert child.parent.code == "cdca-hy" and child.parent.parent.code == "cd-cand"
    upper = UnionBranch.objects.get(code="cdca-hy")
    assert upper.province.name == "Hưng Yên" and upper.member_count == 900
    assert UnionBranch.objects.get(code="ldld-hy").kind == "federation"


def test_reimport_updates_by_code(central_client, branches):
    _upload(
        central_client,
        _file(
            ("cdca-bn", "Công đoàn Công an tỉnh Bắc Ninh (mới)", "", "police", 2, "cd-cand", "24")
        ),
    )
    branches["own"].refresh_from_db()
    assert branches["own"].name == "Công đoàn Công an tỉnh Bắc Ninh (mới)"
    assert UnionBranch.objects.filter(code="cdca-bn").count() == 1


def test_one_bad_row_means_no_branch_is_written(central_client, branches):
    before = UnionBranch.objects.count()
    response = _upload(
        central_client,
        _file(
            ("cdca-hy", "Công đoàn Công an tỉnh Hưng Yên", "", "police", 2, "cd-cand", "33"),
            ("cdcs-x", "Công đoàn cơ sở X", "", "police", 3, "khong-co"),
            ("cdcs-y", "Công đoàn cơ sở Y", "", "cảnh sát", 3, "cdca-hy"),
            ("cdca-z", "Công đoàn Z", "", "police", 2, "cdcs-pc06-bn"),  # parent below it
            ("cdca-w", "Công đoàn W", "", "police", 2, "cd-cand", "cu:24"),
        ),
    )
    assert response.status_code == 200
    assert UnionBranch.objects.count() == before
    errors = {(e.row, e.column): e for e in response.context["result"].errors}
    labels = {key: str(label) for key, label, _r in branch_import.COLUMNS}
    assert set(errors) == {
        (3, labels["parent"]),
        (4, labels["kind"]),
        (5, labels["parent"]),
        (6, labels["province"]),
    }
    assert "khong-co" in errors[3, labels["parent"]].message
    assert "police" in errors[4, labels["kind"]].message
    back = central_client.get(reverse("admin:coordination_unionbranch_import_errors"))
    sheet = load_workbook(io.BytesIO(back.content)).active
    assert sheet.cell(row=3, column=6).comment is not None


def test_the_template_lists_kinds_branches_and_provinces(central_client):
    response = central_client.get(reverse("admin:coordination_unionbranch_import_template"))
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[0] == "Đơn vị"
    data = workbook.worksheets[0]
    assert len(data.data_validations.dataValidation) >= 4
    existing = [row[0] for row in workbook["Đơn vị hiện có"].iter_rows(min_row=2, values_only=True)]
    assert "cd-cand" in existing
    # The sample row is never imported.
    data.append(["cdca-hy", "Công đoàn Công an tỉnh Hưng Yên", "", "police", 2, "cd-cand", "33"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    _upload(central_client, SimpleUploadedFile("mau.xlsx", buffer.getvalue()))
    assert UnionBranch.objects.filter(code="cdca-hy").exists()
    assert not UnionBranch.objects.filter(code__startswith="#").exists()


def test_only_central_administrators_may_load_the_tree(client, staff):
    client.force_login(staff["entry"])
    assert client.get(reverse(URL)).status_code == 403
    template = reverse("admin:coordination_unionbranch_import_template")
    assert client.get(template).status_code == 403


def test_the_branch_list_links_to_the_import_for_central_only(client, staff):
    link = reverse(URL)
    client.force_login(staff["central"])
    assert link in client.get(reverse("admin:coordination_unionbranch_changelist")).text
    client.force_login(staff["entry"])
    assert link not in client.get(reverse("admin:coordination_unionbranch_changelist")).text
