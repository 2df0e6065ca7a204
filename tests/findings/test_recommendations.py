"""Staffing recommendations as the office uses them: drafted per unit with the reasons (grade, open findings,
staffing from the registry, workload from supervision), listed per campaign and unit, accepted by the office as a
staffing matter with its document number or rejected with a reason, on the pages and in the API; the committee
reads them, a unit contact does not; the office's to-do list carries the proposals to decide."""

import pytest

from lvzhi.campaigns.models import UnitResult
from lvzhi.core.todo import items_for
from lvzhi.findings import actions
from lvzhi.findings.facts import UnitFacts, Workload
from lvzhi.findings.models import Recommendation
from lvzhi.registry.staffing import staffing_of_unit

from .test_results import scored  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def _result(campaign, unit):
    return UnitResult.objects.select_related("scheme_version").get(campaign=campaign, unit=unit)


def test_the_workload_and_the_vacancies_decide_between_adding_keeping_and_reducing(world, scored):  # noqa: F811
    good = _result(scored, world.unit_a)  # 95 points, the top grade
    heavy = Workload(headcount=10, quantity=3000, per_head=300, peer_mean=200, peers=5)
    light = Workload(headcount=10, quantity=1000, per_head=100, peer_mean=200, peers=5)
    kind, reasons = actions.draft(good, [], UnitFacts(approved=10, actual=10, workload=heavy))
    assert kind == "add"
    assert "近一年人均履职量300(在编10人),为同类单位平均的150%" in reasons
    assert "工作量明显高于同类单位且无空编可用" in reasons
    kind, reasons = actions.draft(good, [], UnitFacts(approved=12, actual=10, vacancy=2, workload=heavy))
    assert kind == "keep" and "核定编制12名,实有10名,空编2名" in reasons
    kind, reasons = actions.draft(good, [], UnitFacts(approved=12, actual=10, vacancy=2, workload=light))
    assert kind == "reduce" and "工作量明显低于同类单位且有空编" in reasons
    alone = Workload(headcount=10, quantity=3000, per_head=300, peer_mean=300, peers=1)
    assert actions.draft(good, [], UnitFacts(approved=10, actual=10, workload=alone))[0] == "keep"


def test_the_drafted_reasons_name_the_units_staffing_from_the_registry(world, scored):  # noqa: F811
    recs = {r.unit: r for r in actions.recommend(scored, actor=world.users.admin)}
    s = staffing_of_unit(world.unit_a)
    expected = f"核定编制{s.approved_total}名,实有{s.actual_total}名"
    assert any(r.startswith(expected) for r in recs[world.unit_a].reasons), recs[world.unit_a].reasons
    assert recs[world.unit_a].reasons[0].startswith("评估总分95")


def test_the_office_drafts_and_decides_on_the_pages_and_the_trail_shows_it(world, scored, client):  # noqa: F811
    client.force_login(world.users.admin)
    response = client.post("/findings/recommendations/draft/", {"campaign": scored.pk})
    assert response.status_code == 302
    page = client.get(f"/findings/recommendations/?campaign={scored.pk}").content.decode()
    assert world.unit_b.name in page and "评估等次为最低档,职能履行弱化" in page and "核减编制" in page
    rec = Recommendation.objects.get(campaign=scored, unit=world.unit_b)
    assert any("条机构编制调整建议待决定" in i.title for i in items_for(world.users.admin))
    bad = client.post(f"/findings/recommendations/{rec.pk}/decide/", {"decision": "accept"}, follow=True)
    assert "采纳后形成机构编制事项,请填写文号。" in bad.content.decode()
    rec.refresh_from_db()
    assert rec.status == "proposed"
    client.post(
        f"/findings/recommendations/{rec.pk}/decide/",
        {
            "decision": "accept",
            "document_number": "莱编〔2026〕12号",
            "matter": "核减事业编制2名",
            "kind": "",
        },
    )
    rec.refresh_from_db()
    assert (rec.status, rec.matter, rec.document_number) == (
        "accepted",
        "核减事业编制2名",
        "莱编〔2026〕12号",
    )
    detail = client.get(f"/findings/recommendations/{rec.pk}/").content.decode()
    assert "决定机构编制调整建议" in detail and "莱编〔2026〕12号" in detail and "提交决定" not in detail
    unit_page = client.get(f"/findings/units/{world.unit_b.pk}/").content.decode()
    assert "核减事业编制2名(莱编〔2026〕12号)" in unit_page
    other = Recommendation.objects.get(campaign=scored, unit=world.unit_a)
    client.post(f"/findings/recommendations/{other.pk}/decide/", {"decision": "reject", "note": "已统筹研究"})
    other.refresh_from_db()
    assert other.status == "rejected" and other.decision_note == "已统筹研究"
    assert not any("调整建议待决定" in i.title for i in items_for(world.users.admin))


def test_the_committee_reads_them_and_a_unit_contact_does_not(world, scored, client):  # noqa: F811
    actions.recommend(scored, actor=world.users.admin)
    rec = Recommendation.objects.get(campaign=scored, unit=world.unit_a)
    client.force_login(world.users.committee)
    page = client.get("/findings/recommendations/").content.decode()
    assert world.unit_a.name in page and "根据评估结果生成建议" not in page
    assert "提交决定" not in client.get(f"/findings/recommendations/{rec.pk}/").content.decode()
    assert client.post(f"/findings/recommendations/{rec.pk}/decide/", {"decision": "reject", "note": "x"}
                       ).status_code == 403  # fmt: skip
    client.force_login(world.users.contact_a)
    assert client.get("/findings/recommendations/").status_code == 403
    assert client.get("/api/findings/recommendations/").status_code == 403
    assert "机构编制调整建议" not in client.get(f"/findings/units/{world.unit_a.pk}/").content.decode()


def test_the_api_drafts_lists_accepts_and_refuses_a_second_decision(world, scored, client):  # noqa: F811
    client.force_login(world.users.admin)
    drafted = client.post("/api/findings/recommendations/draft", {"campaign_id": scored.pk},
                          content_type="application/json")  # fmt: skip
    assert drafted.status_code == 200, drafted.content
    by_unit = {r["unit_id"]: r for r in drafted.json()}
    pk = by_unit[world.unit_b.pk]["id"]
    assert by_unit[world.unit_b.pk]["kind_label"] == "核减编制"
    listed = client.get(f"/api/findings/recommendations/?campaign={scored.pk}&status=proposed").json()
    assert {r["unit_id"] for r in listed} == {world.unit_a.pk, world.unit_b.pk}
    no_note = client.post(f"/api/findings/recommendations/{pk}/reject", {"note": " "},
                          content_type="application/json")  # fmt: skip
    assert no_note.status_code == 422 and "理由" in no_note.content.decode()
    ok = client.post(f"/api/findings/recommendations/{pk}/accept", {"document_number": "莱编〔2026〕3号",
                     "kind": "reorganise", "matter": "撤并内设机构2个"}, content_type="application/json")  # fmt: skip
    assert (
        ok.status_code == 200 and ok.json()["status_label"] == "已采纳" and ok.json()["kind"] == "reorganise"
    )
    again = client.post(f"/api/findings/recommendations/{pk}/reject", {"note": "改变主意"},
                        content_type="application/json")  # fmt: skip
    assert again.status_code == 409 and "已采纳" in again.json()["detail"]
    assert client.get(f"/api/findings/recommendations/{pk}").json()["document_number"] == "莱编〔2026〕3号"
