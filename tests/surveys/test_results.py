"""Results: group weights give the expected satisfaction; a unit below its group's minimum enters no shown
figure while its neighbours are shown and scored, and every total is the sum of the shown cells — in pages, API
and exports alike; results feed the campaign's survey indicator through the import path."""

import csv
import io
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from lvzhi.campaigns.models import ImportedValue
from lvzhi.surveys import actions, selectors
from lvzhi.surveys.suppression import suppress
from tests.api.conftest import ApiClient
from tests.campaigns.conftest import advance


def _answer(survey, respondent, helpers, admin, unit, ratings):
    for i, rating in enumerate(ratings):
        token = actions.issue_invitations(survey.group, actor=admin, count=1, unit=unit)[0][0]
        data = helpers.answers(survey.q, unit, rating=rating)
        del data["unit"]
        assert (
            respondent(token).submit(data, sid=f"result-{unit.pk}-{survey.group.pk}-{i:08d}").status_code
            == 302
        )


def test_suppression_hides_small_cells_and_leaves_them_out_of_totals():
    counts = {("a", "g1"): 12, ("a", "g2"): 3, ("b", "g1"): 9, ("b", "g2"): 20}
    hidden = suppress(counts, 5)
    # Only the small cell is hidden: its neighbours are shown, its row's combined figure is withheld, and its
    # column's total leaves it out (so the total is the sum of the shown cells and gives nothing away).
    assert hidden.cells == {("a", "g2")} and hidden.rows == {"a"}
    assert hidden.excluded == {"g2": 1} and hidden.columns == set()
    assert suppress({("a", "g1"): 6, ("b", "g1"): 7}, 5).cells == set()
    lone = suppress({("a", "g1"): 3}, 5)
    assert lone.cells == {("a", "g1")} and lone.columns == {"g1"}  # nothing shown: no total either


@settings(max_examples=80, deadline=None)
@given(st.dictionaries(st.tuples(st.sampled_from("abcd"), st.sampled_from(["g1", "g2"])), st.integers(0, 12)),
       st.integers(1, 6))  # fmt: skip
def test_only_cells_below_the_minimum_are_hidden_and_totals_cover_the_shown_ones(counts, minimum):
    hidden = suppress(counts, minimum)
    for (row, column), n in counts.items():
        assert hidden.hides(row, column) == (0 < n < minimum)
    for column in {c for (_r, c) in counts}:
        shown = sum(n for (r, c), n in counts.items() if c == column and not hidden.hides(r, c))
        small = sum(1 for (r, c), n in counts.items() if c == column and hidden.hides(r, c))
        assert hidden.excluded.get(column, 0) == small
        assert (column in hidden.columns) == (shown < minimum)


def test_group_weights_give_the_bureaus_satisfaction(world, camp, respondent, helpers):
    """Leadership 40% + staff 60%: leaders all 满意 (100), staff half 满意 half 不满意 (50) → 70."""
    admin = world.users.admin
    version, qs = helpers.build_questionnaire(admin, "工作满意度测评表")
    groups = []
    for name, weight, ratings in (
        ("领导班子", 40, ["满意"] * 6),
        ("干部职工", 60, ["满意"] * 5 + ["不满意"] * 5),
    ):
        group = actions.create_group(camp, actor=admin, version=version, units=[world.unit_a], name=name,
                                     weight=weight, leaf_code="C2")  # fmt: skip
        actions.open_group(group, actor=admin)
        from types import SimpleNamespace

        _answer(SimpleNamespace(group=group, q=qs), respondent, helpers, admin, world.unit_a, ratings)
        groups.append(group)
    table = selectors.satisfaction_table(groups)
    row = table.rows[0]
    assert [row["cells"][g.pk].rate for g in groups] == [Decimal("100.0"), Decimal("50.0")]
    assert row["overall"] == Decimal("70.0")


def _csv(response):
    assert response.status_code == 200, response.content[:300]
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_a_unit_next_to_a_small_one_is_shown_and_the_total_leaves_the_small_one_out(
    world, survey, respondent, helpers, login
):
    admin = world.users.admin
    _answer(survey, respondent, helpers, admin, world.unit_a, ["满意"] * 6 + ["基本满意"] * 2)  # (600+120)/8
    _answer(survey, respondent, helpers, admin, world.unit_b, ["不满意"] * 3)
    gid = survey.group.pk
    page = login(admin).get(f"/surveys/groups/{gid}/results/").content.decode()
    table = page.split('id="satisfaction-table"', 1)[1].split("</table>", 1)[0]
    body, totals = table.split('id="totals"', 1)
    # unit_a is shown with its own figure; unit_b (3 answers) is not; the total is unit_a's alone and says so.
    assert "90.0% <span" in body and "*</span>" in body and "0.0%" not in body.replace("90.0%", "")
    assert "合计(不含答卷不足5份的单位)" in totals and "90.0%" in totals and "(8)" in totals
    assert "合计只含显示的单位" in page
    # The distributions pool unit_a's answers only: 满意 6, 基本满意 2, 不满意 0 of 8.
    assert "各题分布不含答卷不足 5 份的单位的答卷(3 份)" in page
    q1 = next(d for d in selectors.distributions(survey.group) if d["question"] == survey.q.q1)
    assert q1["n"] == 8 and [o["n"] for o in q1["options"]] == [6, 2, 0]
    # The export and the API give the same figures as the page.
    rows = _csv(login(admin).get(f"/surveys/groups/{gid}/export/summary.csv"))
    figures = {r[1]: (r[3], r[4]) for r in rows[1:]}
    assert figures == {world.unit_a.name: ("8", "90.0"), world.unit_b.name: ("3", "*"),
                       "合计(不含答卷不足5份的单位)": ("8", "90.0")}  # fmt: skip
    api = ApiClient(admin).get(f"/api/surveys/groups/{gid}/results").json()
    assert [(u["unit"], u["satisfaction"]) for u in api["units"]] == [(world.unit_a.name, "90.0"),
                                                                      (world.unit_b.name, None)]  # fmt: skip
    assert api["total"]["unit"] == "合计(不含答卷不足5份的单位)" and api["total"]["satisfaction"] == "90.0"
    assert api["total"]["answers"] == 8 and api["total_excludes"] == 1
    # unit_a is scored; unit_b is left out with why.
    from lvzhi.surveys.feed import feed_rows

    _leaf, fed, left_out = feed_rows(survey.group)
    assert [(r[1], r[4]) for r in fed] == [(world.unit_a.name, "90.00")]
    assert left_out == [f"{world.unit_b.name}(3份,少于5份)"]


def test_every_shown_total_is_the_sum_of_the_shown_cells(world, survey, respondent, helpers):
    """Subtracting the shown figures from a total leaves nothing: no hidden unit can be derived from it."""
    admin = world.users.admin
    _answer(survey, respondent, helpers, admin, world.unit_a, ["满意"] * 5 + ["不满意"] * 2)
    _answer(survey, respondent, helpers, admin, world.unit_b, ["基本满意"] * 4)
    table = selectors.satisfaction_table([survey.group])
    total = table.totals[survey.group.pk]
    shown = [row["cells"][survey.group.pk] for row in table.rows if not row["cells"][survey.group.pk].hidden]
    assert len(shown) == 1 and total.excluded == 1
    assert total.n == sum(c.n for c in shown)
    assert total.counts == {k: sum(c.counts.get(k, 0) for c in shown) for k in total.counts}
    assert total.rate == shown[0].rate


def test_results_feed_the_survey_indicator_through_the_import_path(world, survey, respondent, helpers):
    admin = world.users.admin
    _answer(survey, respondent, helpers, admin, world.unit_a, ["满意"] * 4 + ["基本满意"] * 1)
    campaign = advance(survey.campaign, "multi_party", admin)
    survey.group.campaign = campaign
    from lvzhi.surveys.feed import feed_scores

    batch = feed_scores(survey.group, actor=admin)
    value = ImportedValue.objects.get(campaign=campaign, unit=world.unit_a, key="C1")
    assert value.kind == "survey" and value.value == Decimal("92.0000")  # (4×100 + 60) / 5
    assert "满意4、基本满意1、不满意0" in value.note
    assert not ImportedValue.objects.filter(unit=world.unit_b, key="C1").exists()  # no answers: below 5
    assert batch.rows == 1


def test_each_group_keeps_its_own_minimum():
    """A group of departments with a minimum of 1 shows its single answers; the staff group's 3 answers stay
    hidden under its minimum of 5, and nothing else with them."""
    counts = {("a", "dept"): 1, ("b", "dept"): 2, ("a", "staff"): 6, ("b", "staff"): 7}
    assert suppress(counts, 5, {"dept": 1, "staff": 5}).cells == set()
    counts[("a", "staff")] = 3
    hidden = suppress(counts, 5, {"dept": 1, "staff": 5})
    assert hidden.cells == {("a", "staff")} and hidden.excluded == {"staff": 1}
