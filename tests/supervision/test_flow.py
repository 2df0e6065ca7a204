"""The supervision page of a workflow: the diagram of the version in force, each step coloured by its overdue rate
with its measured durations under it, the bottleneck named, and the step's events one click away; only for those
who see the unit."""

import datetime

from lvzhi.supervision import actions
from lvzhi.supervision.flow import GREEN, RED

TODAY = datetime.date(2026, 3, 31)


def event(case, step, start, end):
    return {"unit": "LY001", "case": case, "workflow": "LC-1", "step": step, "start": start, "end": end}


def send(sv):
    rows = [
        # 受理 (limit 4 working hours): 2 h and 6 h → one of two overdue (50%, red)
        event("C1", "1", "2026-03-02 09:00", "2026-03-02 11:00"),
        event("C2", "1", "2026-03-02 09:00", "2026-03-02 16:00"),
        # 审查 (limit 3 working days): 1 working day (7.5 working hours) → none overdue (green), the bottleneck
        event("C1", "2", "2026-03-03 09:00", "2026-03-04 09:00"),
    ]
    batch = actions.submit_batch("events", actor=sv.world.users.admin, rows=rows, today=TODAY)
    assert batch.accepted == 3


def test_the_diagram_is_coloured_by_the_measured_overdue_rate_with_the_bottleneck_named(sv, login):
    send(sv)
    page = login(sv.world.users.admin).get(f"/supervision/workflows/{sv.workflow.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert f'fill="{RED[0]}" stroke="{RED[1]}"' in svg  # 受理: 1 of 2 over its limit
    assert f'fill="{GREEN[0]}" stroke="{GREEN[1]}"' in svg  # 审查: none over
    assert "办理 2 次,办结 2 次" in svg
    assert "超时 1 次(50%)" in svg
    assert svg.count("瓶颈环节") == 1
    # 审查's median (7.5 working hours) is longer than 受理's (2, the first of two); 审批 and 送达 have nothing yet
    bottleneck_at = svg.index("瓶颈环节")
    assert svg.rindex("审查", 0, bottleneck_at) > svg.rindex("受理", 0, bottleneck_at)
    assert svg.count("监管数据:暂无") == 2
    table = html[html.index('id="sv-flow-steps"') :]
    assert "/supervision/records/events/?unit=LY001&amp;workflow=LC-1&amp;step=1" in table
    assert "50%" in table


def test_the_period_limits_the_figures(sv, login):
    send(sv)
    page = login(sv.world.users.admin).get(
        f"/supervision/workflows/{sv.workflow.pk}/", {"start": "2026-03-03", "end": "2026-03-31"}
    )
    svg = page.content.decode()
    assert "超时 1 次" not in svg and svg.count("监管数据:暂无") == 3


def test_another_units_contact_does_not_see_the_workflow(sv, login):
    send(sv)
    assert login(sv.world.users.contact_b).get(f"/supervision/workflows/{sv.workflow.pk}/").status_code == 404


def test_the_workflow_page_links_to_its_supervision(sv, login):
    page = login(sv.world.users.admin).get(f"/workflows/{sv.workflow.pk}/")
    assert f"/supervision/workflows/{sv.workflow.pk}/" in page.content.decode()
