"""The published ranking as users read it: scores with two decimals, no empty 等次 column where the scheme has no
grade bands, rule types by their Chinese names, and the Word bulletin in the layout of a government document."""

import copy
import datetime

import pytest
from django.urls import reverse

from lvzhi.campaigns import actions, scoring
from lvzhi.campaigns.models import Stage, UnitResult

from .conftest import MINI_SCHEME, advance, cu_of, publish_scheme, text_evidence

NO_GRADES = {k: v for k, v in copy.deepcopy(MINI_SCHEME).items() if k != "grades"} | {
    "code": "mini-no-grades"
}


def run_to(camp, world, *, publish=True, document_number="莱编〔2026〕3号"):
    """unit_a: 18 + 19 + 17.4 = 54.4 (first); unit_b: 15 + 19 + 17 = 51 (second); approved; published."""
    u = world.users
    camp = advance(camp, Stage.SELF_ASSESSMENT, u.admin)
    for unit, contact, a1, a3 in (
        (world.unit_a, u.contact_a, "18", "17.4"),
        (world.unit_b, u.contact_b, "15", "17"),
    ):
        cu = cu_of(camp, unit)
        actions.save_self_assessment(
            cu, actor=contact, scores={("A1", ""): a1, ("A2", ""): "19", ("A3", ""): a3}, report="自评报告"
        )
        text_evidence(cu, contact)
        actions.submit_self_assessment(cu, actor=contact)
    camp = advance(camp, Stage.DESK_REVIEW, u.admin)
    for unit in (world.unit_a, world.unit_b):
        actions.review_scores(cu_of(camp, unit), actor=u.admin, scores={("A2", ""): "19"})
    camp = advance(camp, Stage.ON_SITE, u.admin)
    for unit, a3 in ((world.unit_a, "17.4"), (world.unit_b, "17")):
        actions.review_scores(cu_of(camp, unit), actor=u.admin, scores={("A3", ""): a3}, source="on_site")
    scoring.compute(camp, actor=u.admin)
    if not publish:
        return camp
    camp = advance(camp, Stage.APPROVAL, u.admin)
    actions.record_decision(camp, actor=u.committee, meeting="2026年第3次市委编委会会议",
                            decided_on=datetime.date(2026, 12, 28), outcome="approved", text="同意",
                            document_number=document_number)  # fmt: skip
    actions.publish(cu_of(camp, world.unit_a).campaign, actor=u.admin)
    camp.refresh_from_db()
    return camp


@pytest.fixture
def ungraded(world):
    """A campaign like `camp` whose frozen scheme defines no grade bands (as Laiyang's)."""
    u = world.users
    campaign = actions.create_campaign(
        actor=u.admin, name="2026年度职能运行评估", year=2026, scheme_version=publish_scheme(NO_GRADES, u.admin),
        categories=[world.service], deadlines={Stage.FEEDBACK: datetime.date(2099, 12, 31)},
    )  # fmt: skip
    actions.assign(campaign, actor=u.admin, user=u.evaluator, units=[world.unit_a])
    return campaign


def url(name, camp, **kw):
    return reverse(f"campaigns:{name}", kwargs={"pk": camp.pk, **kw})


def test_the_bulletin_and_results_print_totals_with_two_decimals(world, camp, login):
    camp = run_to(camp, world)
    client = login(world.users.admin)
    for page in ("bulletin", "results"):
        html = client.get(url(page, camp)).content.decode()
        assert '<td class="num">54.40</td>' in html and '<td class="num">51.00</td>' in html, page
        assert "54.4<" not in html and "51<" not in html
    detail = client.get(url("unit_result", camp, unit_id=world.unit_a.pk)).content.decode()
    assert 'data-testid="unit-total">54.40<' in detail
    # The points and contributions of A3 (17.4 of 20) and the self score beside the reviewed one.
    assert '<td class="num">17.40</td>' in detail and "自评 17.40(孙联络) → 实地评估 17.40" in detail


def test_a_scheme_with_grade_bands_shows_the_grade_column(world, camp, login):
    camp = run_to(camp, world)
    client = login(world.users.admin)
    html = client.get(url("bulletin", camp)).content.decode()
    assert "<th>等次</th>" in html and "<td>差</td>" in html
    detail = client.get(url("unit_result", camp, unit_id=world.unit_a.pk)).content.decode()
    assert '<div class="label">等次</div>' in detail


def test_a_scheme_without_grade_bands_shows_no_empty_grade_column(world, ungraded, login):
    camp = run_to(ungraded, world)
    client = login(world.users.admin)
    for page in ("bulletin", "results", "approval"):
        html = client.get(url(page, camp)).content.decode()
        assert "54.40" in html and "等次" not in html, page
    detail = client.get(url("unit_result", camp, unit_id=world.unit_a.pk)).content.decode()
    assert "54.40" in detail and '<div class="label">等次</div>' not in detail


def test_the_explained_result_names_rule_types_in_chinese(world, camp, login):
    camp = run_to(camp, world, publish=False)
    html = login(world.users.admin).get(url("unit_result", camp, unit_id=world.unit_a.pk)).content.decode()
    assert "规则:录入" in html and "规则:满意度" in html and "规则:等次评价" in html and "规则:按次" in html
    for code in ("entered", "survey", "rating", "occurrences", "import"):
        assert f"规则:{code}" not in html
    assert UnitResult.objects.filter(campaign=camp).count() == 2
