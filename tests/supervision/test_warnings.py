"""Warnings on the metrics put a unit on the key-supervision list; the office confirms (a finding in the ledger,
source 监管预警) or dismisses; the office's to-do shows what waits; the pages show the figures."""

import datetime

import pytest

from lvzhi.core.errors import Refused
from lvzhi.findings.models import Finding
from lvzhi.supervision import actions, warnings
from lvzhi.supervision.models import KeySupervision, Warning
from lvzhi.supervision.todo import supervision_todo

TODAY = datetime.date(2026, 3, 31)


def _events(n_late):
    rows = []
    for i in range(6):
        end = "2026-03-10 09:00" if i < n_late else "2026-03-02 10:00"
        rows.append(
            {
                "unit": "LY001",
                "case": f"C{i}",
                "workflow": "LC-1",
                "step": "2",
                "start": "2026-03-02 09:00",
                "end": end,
            }
        )
    return rows


def _tickets():
    return [
        {
            "ticket": f"T{i}",
            "line": "12345",
            "day": "2026-03-02",
            "unit": "LY001",
            "topic": "审批",
            "transfers": "LY002;LY001",
            "satisfaction": "不满意",
        }
        for i in range(3)
    ]


def test_overdue_and_bounced_tickets_raise_warnings_once_and_list_the_unit(sv):
    admin = sv.world.users.admin
    actions.submit_batch("events", actor=admin, rows=_events(3), today=TODAY)
    actions.submit_batch("hotline", actor=admin, rows=_tickets(), today=TODAY)
    made = warnings.run(admin, today=TODAY)
    kinds = {w.kind for w in made}
    assert {"overdue", "bounced"} <= kinds
    overdue = Warning.objects.get(kind="overdue")
    assert overdue.value == 0.5 and "超时率 50%" in overdue.summary
    assert KeySupervision.objects.get(unit=sv.unit).active
    assert warnings.run(admin, today=TODAY) == []  # the same warnings are not raised twice
    assert supervision_todo(admin)[0].title.endswith("条监管预警待研判")


def test_a_confirmed_warning_becomes_a_finding_and_a_dismissed_one_needs_a_reason(sv):
    admin = sv.world.users.admin
    actions.submit_batch("events", actor=admin, rows=_events(3), today=TODAY)
    actions.submit_batch("hotline", actor=admin, rows=_tickets(), today=TODAY)
    warnings.run(admin, today=TODAY)
    overdue, bounced = Warning.objects.get(kind="overdue"), Warning.objects.get(kind="bounced")
    with pytest.raises(Refused):
        actions.confirm_warning(overdue, actor=sv.world.users.committee)
    actions.confirm_warning(overdue, actor=admin, reason="核实属实")
    finding = Finding.objects.get()
    assert (finding.source, finding.unit_id, finding.origin) == (
        "supervision",
        sv.unit.pk,
        f"supervision.Warning:{overdue.pk}",
    )
    with pytest.raises(Refused):
        actions.confirm_warning(Warning.objects.get(pk=overdue.pk), actor=admin)
    actions.dismiss_warning(bounced, actor=admin, reason="职责边界已明确")
    assert KeySupervision.objects.get(unit=sv.unit).active  # the confirmed warning keeps it on the list


def test_the_dashboard_and_the_records_behind_a_figure(sv, client):
    admin = sv.world.users.admin
    actions.submit_batch("events", actor=admin, rows=_events(3), today=TODAY)
    client.force_login(admin)
    page = client.get("/supervision/")
    assert page.status_code == 200 and "流程环节" in page.content.decode()
    steps_table = page.content.decode().split('id="sv-steps"')[1].split("</table>")[0]
    assert "莱阳市发展和改革局" in steps_table and "<td>LY001</td>" not in steps_table  # names, not codes
    drill = client.get("/supervision/records/events/?unit=LY001&workflow=LC-1&step=2")
    assert "共 6 条" in drill.content.decode()
    assert (
        "明细记录(流程环节)" in drill.content.decode()
        and "<td>莱阳市发展和改革局</td>" in drill.content.decode()
    )
    api = client.get("/api/supervision/metrics/step_durations")
    assert api.status_code == 200 and api.json()[0]["overdue"] == 3
