"""Who reads what through the campaign API: role × endpoint, with a campaign in desk review whose results are
computed (unit_a: contact_a's, assigned to the evaluator; both units in the leader's portfolio; the third party
is in no team of the campaign)."""

import pytest

from lvzhi.campaigns import actions, scoring
from lvzhi.campaigns.models import Stage

from .conftest import advance, cu_of, text_evidence

ROLES = ("admin", "evaluator", "contact_a", "leader", "committee", "third_party")

# (path, status per role in ROLES order)
READS = [
    ("campaigns/{c}", (200, 200, 200, 200, 200, 404)),
    ("campaigns/{c}/units", (200, 200, 200, 200, 200, 404)),
    ("campaigns/{c}/units/{a}", (200, 200, 200, 200, 200, 404)),
    ("campaigns/{c}/units/{b}", (200, 404, 404, 200, 200, 404)),
    # A rating leader, like the rated unit, sees the visits and results of its portfolio from feedback on.
    ("campaigns/{c}/units/{a}/visit", (200, 200, 404, 404, 200, 404)),
    ("campaigns/{c}/units/{a}/sheets/performance_report", (200, 200, 200, 200, 200, 404)),
    ("campaigns/{c}/results", (200, 200, 200, 200, 200, 404)),
    ("campaigns/{c}/units/{a}/result", (200, 200, 404, 404, 200, 404)),
    ("campaigns/{c}/units/{b}/result", (200, 404, 404, 404, 200, 404)),
    ("campaigns/{c}/flags", (200, 200, 403, 403, 200, 404)),
    ("campaigns/{c}/ratings", (200, 403, 403, 200, 200, 404)),
    ("campaigns/{c}/objections", (200, 200, 200, 200, 200, 404)),
    ("campaigns/{c}/findings", (200, 200, 200, 200, 200, 404)),
    ("campaigns/{c}/imported", (200, 200, 200, 200, 200, 404)),
    ("campaigns/{c}/decisions", (200, 403, 403, 403, 200, 404)),
    ("campaigns/{c}/inputs", (200, 403, 403, 403, 200, 404)),
    ("campaigns/{c}/bulletin", (404, 404, 404, 404, 404, 404)),
]


@pytest.fixture
def desk_review(world, camp):
    u = world.users
    camp = advance(camp, Stage.SELF_ASSESSMENT, u.admin)
    cu = cu_of(camp, world.unit_a)
    actions.save_self_assessment(
        cu, actor=u.contact_a, scores={("A1", ""): "18", ("A2", ""): "18", ("A3", ""): "18"}, report="r"
    )
    text_evidence(cu, u.contact_a)
    actions.submit_self_assessment(cu, actor=u.contact_a)
    camp = advance(camp, Stage.DESK_REVIEW, u.admin)
    actions.plan_visit(cu_of(camp, world.unit_a), actor=u.evaluator)
    scoring.compute(camp, actor=u.admin)
    return camp


@pytest.mark.parametrize(("path", "expected"), READS, ids=[r[0] for r in READS])
def test_each_role_reads_what_the_table_says(world, desk_review, api, path, expected):
    url = path.format(c=desk_review.pk, a=world.unit_a.pk, b=world.unit_b.pk)
    got = tuple(api(getattr(world.users, role)).get(url).status_code for role in ROLES)
    assert got == expected


def test_lists_hold_only_what_each_role_may_see(world, desk_review, api):
    c = desk_review.pk
    assert [u["unit_code"] for u in api(world.users.evaluator).get(f"campaigns/{c}/units").json()] == [
        "LY001"
    ]
    assert [u["unit_code"] for u in api(world.users.contact_a).get(f"campaigns/{c}/units").json()] == [
        "LY001"
    ]
    assert api(world.users.contact_a).get(f"campaigns/{c}/results").json() == []  # before the feedback stage
    assert api(world.users.leader).get(f"campaigns/{c}/results").json() == []  # the rating leader too
    assert {r["unit_code"] for r in api(world.users.evaluator).get(f"campaigns/{c}/results").json()} == {
        "LY001"
    }
    assert [c_["id"] for c_ in api(world.users.third_party).get("campaigns/").json()] == []
