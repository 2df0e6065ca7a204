"""Results: group weights give the expected satisfaction; the minimum-count and complementary suppression hold
in pages and exports alike; results feed the campaign's survey indicator through the import path."""

from decimal import Decimal

from lvzhi.campaigns.models import ImportedValue
from lvzhi.surveys import actions, exports, selectors
from lvzhi.surveys.suppression import suppress
from tests.campaigns.conftest import advance


def _answer(survey, respondent, helpers, admin, unit, ratings):
    for i, rating in enumerate(ratings):
        token = actions.issue_invitations(survey.group, actor=admin, count=1, unit=unit)[0][0]
        data = helpers.answers(survey.q, unit, rating=rating)
        del data["unit"]
        assert respondent(token).submit(data, sid=f"result-{unit.pk}-{survey.group.pk}-{i:08d}").status_code == 302


def test_suppression_hides_small_cells_and_what_would_give_them_away():
    counts = {("a", "g1"): 12, ("a", "g2"): 3, ("b", "g1"): 9, ("b", "g2"): 20}
    hidden = suppress(counts, 5)
    assert ("a", "g2") in hidden.primary
    # Row a and column g2 each had one hidden cell: their next-smallest shown cells go too.
    assert ("a", "g1") in hidden.cells and ("b", "g2") in hidden.cells
    assert ("b", "g1") in hidden.cells  # then row b and column g1 had one hidden each
    assert suppress({("a", "g1"): 6, ("b", "g1"): 7}, 5).cells == set()
    lone = suppress({("a", "g1"): 3}, 5)
    assert lone.rows == {"a"} and lone.columns == {"g1"}


def test_group_weights_give_the_bureaus_satisfaction(world, camp, respondent, helpers):
    """Leadership 40% + staff 60%: leaders all 满意 (100), staff half 满意 half 不满意 (50) → 70."""
    admin = world.users.admin
    version, qs = helpers.build_questionnaire(admin, "工作满意度测评表")
    groups = []
    for name, weight, ratings in (("领导班子", 40, ["满意"] * 6), ("干部职工", 60, ["满意"] * 5 + ["不满意"] * 5)):
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


def test_minimum_count_and_complementary_suppression_in_page_and_export(world, survey, respondent, helpers, login):
    admin = world.users.admin
    _answer(survey, respondent, helpers, admin, world.unit_a, ["满意"] * 6 + ["基本满意"] * 2)
    _answer(survey, respondent, helpers, admin, world.unit_b, ["不满意"] * 3)
    page = login(admin).get(f"/surveys/groups/{survey.group.pk}/results/").content.decode()
    # unit_b (3 answers) is withheld, and so is unit_a, which the total would otherwise give away.
    assert "30.0%" not in page  # unit_b's own rate (0.0) and the total's would reveal it
    assert "*" in page
    rows = exports.summary_rows([survey.group])
    assert [r[4] for r in rows if r[1] in (world.unit_a.name, world.unit_b.name)] == ["*", "*"]
    csv_text = login(admin).get(f"/surveys/groups/{survey.group.pk}/export/summary.csv").content.decode("utf-8-sig")
    assert "90.0" not in csv_text and "0.0" not in csv_text.replace("100.0", "")


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
    withheld under its minimum of 5, and what would give them away with them."""
    counts = {("a", "dept"): 1, ("b", "dept"): 2, ("a", "staff"): 6, ("b", "staff"): 7}
    assert suppress(counts, 5, {"dept": 1, "staff": 5}).cells == set()
    counts[("a", "staff")] = 3
    hidden = suppress(counts, 5, {"dept": 1, "staff": 5})
    assert hidden.primary == {("a", "staff")} and ("b", "staff") in hidden.cells


def test_a_figure_withheld_as_a_complement_is_not_fed_either(world, survey, respondent, helpers):
    """unit_b's 3 answers are withheld and unit_a's figure with them (the total would give unit_b's away): the
    indicator gets neither, so its notes and values cannot be subtracted from the group's total."""
    admin = world.users.admin
    _answer(survey, respondent, helpers, admin, world.unit_a, ["满意"] * 6)
    _answer(survey, respondent, helpers, admin, world.unit_b, ["不满意"] * 3)
    from lvzhi.surveys.feed import feed_rows

    _leaf, rows, left_out = feed_rows(survey.group)
    assert rows == []
    assert any(world.unit_a.name in reason and "推算" in reason for reason in left_out)
