"""A campaign's results read as words: the explained result shows raw inputs, missing items and rules in Chinese
(never `{'H1': ['一般']}`, `A4@H2` or `{per: 1}`), and a unit with nothing to be evaluated on is listed apart,
not ranked nor counted in the rank size (issue 8, items 6 and 11)."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from lvzhi.campaigns import actions, scoring
from lvzhi.campaigns.models import Stage, UnitResult

from .conftest import advance, cu_of


def test_the_explained_result_shows_inputs_missing_items_and_rules_in_words(world, camp, login):
    u = world.users
    camp = advance(camp, Stage.MULTI_PARTY, u.admin)
    actions.rate_unit(camp, actor=u.leader, unit=world.unit_a, period="H1", rating="一般")
    camp = advance(camp, Stage.SCORING, u.admin)
    scoring.compute(camp, actor=u.admin)
    page = login(u.admin).get(reverse("campaigns:unit_result", args=[camp.pk, world.unit_a.pk])).content.decode()
    assert "H1:一般" in page or "H1：一般" in page  # the leader's rating for the first half, as words
    assert "A4 领导评价(H2)" in page or "A4 领导评价（H2）" in page  # the second half is missing
    assert "每次 1 分" in page  # the deduction's rule, in a sentence
    for raw in ("{&#x27;H1&#x27;", "{'H1'", "A4@H2", "{per", "actual:", "target:"):
        assert raw not in page, raw


def test_a_unit_to_which_no_indicator_applies_is_listed_apart_and_not_ranked(world, camp, login):
    u = world.users
    camp = advance(camp, Stage.DESK_REVIEW, u.admin)
    cu = cu_of(camp, world.unit_b)
    for code in ("A1", "A2", "A3", "B1", "B2"):
        actions.set_not_applicable(cu, actor=u.admin, code=code, not_applicable=True, reason="本年度新组建,无评估期")
        cu = cu_of(camp, world.unit_b)
    camp = advance(camp, Stage.SCORING, u.admin)
    scoring.compute(camp, actor=u.admin)
    a = UnitResult.objects.get(campaign=camp, unit=world.unit_a)
    b = UnitResult.objects.get(campaign=camp, unit=world.unit_b)
    assert (a.rank, a.summary["rank_size"]) == (1, 1)  # one unit ranked, not two
    assert b.rank is None and b.summary["not_evaluated"] == "所有指标均不适用（本期无应评事项）"
    client = login(u.admin)
    page = client.get(reverse("campaigns:results", args=[camp.pk])).content.decode()
    assert "不参评单位(不排名,不计入排名人数和名额)" in page
    assert f"{world.unit_b.name}:所有指标均不适用（本期无应评事项）" in page
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("campaigns:results", args=[camp.pk]) + "?format=xlsx").content)
    ).active
    rows = [r for r in sheet.iter_rows(values_only=True) if r[3] == world.unit_b.name]
    assert rows and rows[0][1] == "不参评:所有指标均不适用（本期无应评事项）" and rows[0][4] is None
