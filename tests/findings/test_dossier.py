"""The performance dossier (履职档案) the office opens when a unit's staffing request (机构编制事项请示) comes in:
the year before it — published results only, findings with their status, warnings, workload, staffing and
vacancies — on a page, in Excel (through the one writer) and in the API; the office and the committee only."""

import datetime
import io

import openpyxl
import pytest
from django.utils import timezone

from lvzhi.findings.models import StaffingRequest
from lvzhi.registry.staffing import staffing_of_unit
from lvzhi.supervision.models import Warning

from .conftest import raise_for, to_state

pytestmark = pytest.mark.django_db


def test_a_staffing_request_opens_the_units_year_in_one_click(world, published, unpublished, client):
    admin = world.users.admin
    open_one = raise_for(world, title="审批窗口人员不足导致排队", deadline=datetime.date(2020, 1, 1))
    closed = to_state(world, raise_for(world, title="权责清单未动态调整"), "closed")
    Warning.objects.create(unit=world.unit_a, kind="overdue", key="k1", period="2026-10", value=0.4,
                           threshold=0.2, summary="企业投资项目核准超时率40%")  # fmt: skip
    Warning.objects.create(unit=world.unit_a, kind="bounced", key="k2", period="2026-10", value=3, threshold=2,
                           summary="已排除的预警", status="dismissed")  # fmt: skip
    client.force_login(admin)
    response = client.post("/findings/requests/new/", {
        "unit": world.unit_a.pk, "title": "关于增加行政审批科编制的请示", "document_number": "莱发改〔2026〕9号",
        "received_on": timezone.localdate().isoformat()}, follow=True)  # fmt: skip
    page = response.content.decode()
    request = StaffingRequest.objects.get()
    assert response.redirect_chain[-1][0] == f"/findings/requests/{request.pk}/"
    assert "关于增加行政审批科编制的请示" in page and "莱发改〔2026〕9号" in page
    assert published.name in page and unpublished.name not in page  # only published results
    assert "54.40" in page  # unit_a's published total
    assert open_one.title in page and closed.title in page and "逾期" in page
    assert "企业投资项目核准超时率40%" in page and "已排除的预警" not in page
    s = staffing_of_unit(world.unit_a)
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"/findings/dossier/{world.unit_a.pk}.xlsx").content))
    assert book.sheetnames == ["概况", "评估结果", "问题及整改", "督促措施", "问责案件", "监管预警", "编制使用",
                               "机构编制调整建议"]  # fmt: skip
    summary = {row[0]: row[1] for row in book["概况"].iter_rows(values_only=True)}
    assert (summary["核定编制"], summary["空编"], summary["未完成整改"]) == (
        s.approved_total,
        s.vacancy_total,
        1,
    )
    results = list(book["评估结果"].iter_rows(values_only=True))
    assert [r[0] for r in results[1:]] == [published.name]
    statuses = {r[0]: r[5] for r in list(book["问题及整改"].iter_rows(values_only=True))[1:]}
    assert statuses == {open_one.title: "待整改", closed.title: "已销号"}
    assert [r[3] for r in list(book["监管预警"].iter_rows(values_only=True))[1:]] == [
        "企业投资项目核准超时率40%"
    ]


def test_a_finding_closed_before_the_year_and_a_campaign_published_after_the_request_stay_out(
    world, published
):
    admin = world.users.admin
    old = to_state(world, raise_for(world, title="三年前的问题"), "closed")
    type(old).objects.filter(pk=old.pk).update(raised_at=timezone.now() - datetime.timedelta(days=800),
                                               closed_at=timezone.now() - datetime.timedelta(days=700))  # fmt: skip
    from lvzhi.findings import dossier

    today = dossier.dossier(admin, world.unit_a)
    assert [r.campaign for r in today.results] == [published]
    assert old.title not in [f.title for f in today.findings]
    before = dossier.dossier(
        admin, world.unit_a, until=published.published_at.date() - datetime.timedelta(days=1)
    )
    assert before.results == []


def test_the_api_gives_the_dossier_and_registers_requests_for_the_office_only(world, published, client):
    raise_for(world, title="审批窗口人员不足导致排队")
    client.force_login(world.users.committee)
    d = client.get(f"/api/findings/dossier/{world.unit_a.pk}").json()
    assert d["unit"] == world.unit_a.name and d["open_findings"] == 1
    assert [r["campaign"] for r in d["results"]] == [published.name]
    assert float(d["results"][0]["total"]) == 54.4
    assert client.post("/api/findings/requests/", {"unit_id": world.unit_a.pk, "title": "请示"},
                       content_type="application/json").status_code == 403  # fmt: skip
    client.force_login(world.users.admin)
    made = client.post("/api/findings/requests/", {"unit_id": world.unit_a.pk, "title": "关于调整内设机构的请示"},
                       content_type="application/json")  # fmt: skip
    assert made.status_code == 201 and made.json()["received_on"] == timezone.localdate().isoformat()
    assert [r["title"] for r in client.get("/api/findings/requests/").json()] == ["关于调整内设机构的请示"]
    client.force_login(world.users.contact_a)
    assert client.get(f"/api/findings/dossier/{world.unit_a.pk}").status_code == 403
    assert client.get(f"/findings/dossier/{world.unit_a.pk}/").status_code == 403
