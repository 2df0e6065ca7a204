"""目标计划书 in an internal scheme: the bureau's scheme scores each section's functional work quarter by quarter from
the section's 目标计划书, and a person's from theirs, with the same goal indicators a campaign uses."""

import datetime
from decimal import Decimal

import pytest

from lvzhi.goals import owners, progress
from lvzhi.registry.models import Person
from lvzhi.schemes.models import Scheme
from tests.campaigns.conftest import publish_scheme

from .conftest import file_goal, qualitative, quantitative

pytestmark = pytest.mark.django_db
DEC = datetime.date(2026, 12, 2)
INTERNAL = {
    "format": "lvzhi-scheme/1", "code": "bureau-test", "name": "某局处室绩效评估(测试)", "level": "internal",
    "categories": ["处室"], "period_sets": {"quarters": {"Q1": 25, "Q2": 25, "Q3": 25, "Q4": 25}},
    "indicators": [{"code": "A", "name": "职能工作目标", "points": 100, "children": [
        {"code": "A1", "name": "重点工作目标", "points": 50, "periods": "quarters",
         "source": "goals:完成率/重点工作", "rule": {"type": "ratio", "target": 100}},
        {"code": "A2", "name": "目标达标", "points": 50, "source": "goals:达标率", "rule": {"type": "ratio", "target": 100}},
    ]}],
}  # fmt: skip


@pytest.fixture
def version(world):
    version = publish_scheme(INTERNAL, world.users.admin)
    Scheme.objects.filter(pk=version.scheme_id).update(level=Scheme.Level.INTERNAL)
    return version


def _report(goal, quarter, contact, **values):
    progress.report_progress(goal, quarter, progress="推进情况", actor=contact, today=DEC, **values)


def test_each_section_and_person_is_scored_from_their_own_plans(world, version, login):
    contact = world.users.contact_a
    person = Person.objects.get(staff_no="P0002")
    section_key = file_goal(world, quantitative(level="body", internal_body=world.planning), approve=True)
    section_other = file_goal(world, qualitative(level="body", internal_body=world.planning), approve=True)
    own = file_goal(world, qualitative(level="person", person=person, category="key"), approve=True)
    file_goal(world, quantitative(title="单位目标"), approve=True)  # the unit's own goal is not a plan
    for quarter, actual in ((1, 60), (2, 200), (3, 240), (4, 420)):
        _report(section_key, quarter, contact, actual=Decimal(actual))
    _report(section_other, 4, contact, completion="done")
    _report(own, 1, contact, completion="partial")

    leaves, rows = owners.owner_rows(world.users.admin, version, world.unit_a, 2026)
    assert [leaf.code for leaf in leaves] == ["A1", "A2"]
    assert [(r.level, r.name, r.goals) for r in rows] == [("body", "规划科", 2), ("person", "李秀英", 1)]
    section, individual = rows
    a1, a2 = section.cells
    # key goal 400 a year at an even pace: 60/100, 200/200, 240/300, 420/400
    assert [f.value for _p, f in a1.figures] == [
        Decimal("60.00"),
        Decimal("100.00"),
        Decimal("80.00"),
        Decimal("100.00"),
    ]
    assert owners.mean(a1) == Decimal("85.00")
    assert a2.figures[0][1].value == Decimal("100.00")  # both met
    assert "1.新增市场主体" in a1.figures[0][1].note
    assert [f.value for _p, f in individual.cells[0].figures] == [Decimal("50.00"), 0, 0, 0]
    assert individual.cells[1].figures[0][1].value == Decimal("0.00")

    page = login(world.users.admin).get(f"/goals/units/{world.unit_a.pk}/2026/plans/")
    body = page.content.decode()
    assert page.status_code == 200 and "规划科" in body and "李秀英" in body and "平均 85%" in body
    api = login(world.users.contact_a).get(
        f"/api/goals/units/{world.unit_a.pk}/plans/2026?scheme={version.pk}"
    )
    assert api.status_code == 200
    assert api.json()[0]["cells"][0]["mean"] == "85.00"
    assert login(world.users.contact_b).get(f"/goals/units/{world.unit_a.pk}/2026/plans/").status_code == 404
