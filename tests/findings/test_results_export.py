"""A published campaign's results in the layouts the performance assessment office (主要职能运行成效), the
organisation department and the discipline inspection take: Excel through the one writer, the API's same rows,
only published results, each export audited, for the office and the committee only."""

import datetime
import io

import openpyxl
import pytest

from lvzhi.audit.models import AuditEvent
from lvzhi.findings import actions
from lvzhi.findings.models import Situation
from lvzhi.registry.models import Person

from .conftest import raise_for, to_state

pytestmark = pytest.mark.django_db


def _rows(response, sheet=None):
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return [list(r) for r in book[sheet or book.sheetnames[0]].iter_rows(values_only=True)]


def test_the_performance_office_gets_the_main_functions_figure_scaled_to_its_points(world, published, client):
    client.force_login(world.users.admin)
    plain = _rows(client.get(f"/findings/results/{published.pk}.xlsx?layout=performance"))
    assert plain[0][-1] == "“主要职能运行成效”指标得分(满分100分)"
    assert [(r[2], r[4], r[-1]) for r in plain[1:]] == [(world.unit_a.name, "54.40", "54.40"),
                                                         (world.unit_b.name, "51.00", "51.00")]  # fmt: skip
    scaled = _rows(client.get(f"/findings/results/{published.pk}.xlsx?layout=performance&points=20"))
    assert scaled[0][-1] == "“主要职能运行成效”指标得分(满分20分)"
    assert [r[-1] for r in scaled[1:]] == ["10.88", "10.20"]
    events = AuditEvent.objects.filter(event_type="findings.results_exported")
    assert events.count() == 2 and events.first().after["layout"] == "performance"
    bad = client.get(f"/findings/results/{published.pk}.xlsx?layout=performance&points=-3", follow=True)
    assert "0.01" in bad.content.decode() and events.count() == 2


def test_the_organisation_and_discipline_layouts_show_rectification_and_accountability(
    world, published, client
):
    admin = world.users.admin
    to_state(world, raise_for(world, campaign=published, title="权责清单未动态调整"), "closed")
    raise_for(world, campaign=published, category="violation", title="违规借调基层人员3名", severity="high")
    actions.seed_catalogue(actor=admin)
    person = Person.objects.filter(unit=world.unit_a).first()
    actions.record_case(actor=admin, situation=Situation.objects.first(), unit=world.unit_a, person=person,
                        title="行政审批超时限", occurred_on=datetime.date(published.year, 6, 1),
                        document_number="莱纪〔2026〕4号")  # fmt: skip
    client.force_login(world.users.committee)
    org = _rows(client.get(f"/findings/results/{published.pk}.xlsx?layout=organisation"))
    row = {r[2]: r for r in org[1:]}[world.unit_a.name]
    header = org[0]
    values = dict(zip(header, row, strict=True))
    assert (values["发现问题"], values["已整改"], values["整改完成率"]) == (2, 1, "50%")
    assert values["问责案件"] == 1 and values["被问责人员"] == person.name and values["诫勉"] == "否"
    response = client.get(f"/findings/results/{published.pk}.xlsx?layout=discipline")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["违规违纪问题", "问责案件", "评估结果"]
    violations = [list(r) for r in book["违规违纪问题"].iter_rows(values_only=True)][1:]
    assert [v[2] for v in violations] == ["违规借调基层人员3名"]  # not the 清单 finding
    cases = [list(r) for r in book["问责案件"].iter_rows(values_only=True)][1:]
    assert [(c[2], c[6], c[8]) for c in cases] == [("行政审批超时限", person.name, "莱纪〔2026〕4号")]
    api = client.get(f"/api/findings/results/{published.pk}?layout=discipline").json()
    assert [s["title"] for s in api["sheets"]] == book.sheetnames
    assert api["sheets"][1]["rows"][0][2] == "行政审批超时限"


def test_an_unpublished_campaign_is_not_exported_and_a_unit_contact_exports_nothing(
    world, unpublished, client
):
    client.force_login(world.users.admin)
    page = client.get(f"/findings/results/{unpublished.pk}.xlsx?layout=performance", follow=True)
    assert "尚未公布,不能导出" in page.content.decode()
    assert unpublished.name not in client.get("/findings/results/").content.decode()
    api = client.get(f"/api/findings/results/{unpublished.pk}?layout=organisation")
    assert api.status_code == 409 and "尚未公布" in api.json()["detail"]
    assert not AuditEvent.objects.filter(event_type="findings.results_exported").exists()
    client.force_login(world.users.contact_a)
    assert client.get("/findings/results/").status_code == 403
    assert client.get(f"/api/findings/results/{unpublished.pk}").status_code == 403
