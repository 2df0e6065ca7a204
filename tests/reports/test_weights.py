"""Weight studies end to end: judgements entered, weights derived, the draft written through the schemes room."""

import pytest

from lvzhi.audit.models import AuditEvent
from lvzhi.core.errors import Invalid, Refused
from lvzhi.reports import weights
from lvzhi.reports.models import WeightStudy
from lvzhi.schemes.models import SchemeVersion

# A consistent judgement: A twice as important as B, four times C; B twice C → 4/7, 2/7, 1/7.
CONSISTENT = {"0-1": "2", "0-2": "4", "1-2": "2"}
# A ≫ B ≫ C but C ≫ A: as inconsistent as it gets.
CIRCULAR = {"0-1": "9", "0-2": "1/9", "1-2": "9"}


def node(definition, code):
    for item in definition["indicators"]:
        if item["code"] == code:
            return item
        for child in item.get("children", []):
            if child["code"] == code:
                return child
    raise KeyError(code)


def test_it_writes_consistent_weights_into_a_new_draft_and_leaves_the_published_version(
    world, weighted_version
):
    admin = world.users.admin
    study = weights.start_study(weighted_version, actor=admin)
    assert study.codes == ["A", "B", "C"]
    weights.save_judgement(study, actor=admin, judge="赵管理", values=CONSISTENT)
    result = weights.result_of(study)
    assert [round(w["weight"], 3) for w in result.weights] == [0.571, 0.286, 0.143]
    assert result.consistency_ratio == pytest.approx(0, abs=1e-9)

    draft = weights.accept_study(study, actor=admin)

    assert draft.status == SchemeVersion.Status.DRAFT and draft.number == 2
    assert [node(draft.definition, c)["weight"] for c in "ABC"] == [57.1, 28.6, 14.3]
    assert draft.issue_count == 0
    weighted_version.refresh_from_db()
    assert [node(weighted_version.definition, c)["weight"] for c in "ABC"] == [40, 40, 20]
    study.refresh_from_db()
    assert study.status == WeightStudy.Status.ACCEPTED and study.draft_version == draft
    event = AuditEvent.objects.get(event_type="reports.weights_accepted")
    assert event.actor == admin
    assert "职能履行 57.1%" in event.after["weights"]


def test_it_refuses_a_matrix_with_cr_above_a_tenth_and_names_the_pairs(world, weighted_version):
    admin = world.users.admin
    study = weights.start_study(weighted_version, actor=admin)
    weights.save_judgement(study, actor=admin, judge="专家甲", values=CIRCULAR)
    with pytest.raises(Invalid) as caught:
        weights.accept_study(study, actor=admin)
    message = str(caught.value)
    assert "大于 0.1" in message
    assert "职能履行与社会评价" in message
    assert "现为:「社会评价」比「职能履行」极端重要(9)" in message
    assert SchemeVersion.objects.filter(scheme=weighted_version.scheme).count() == 1
    study.refresh_from_db()
    assert study.status == WeightStudy.Status.OPEN


def test_a_panel_is_combined_by_geometric_mean(world, weighted_version):
    admin = world.users.admin
    study = weights.start_study(weighted_version, actor=admin)
    weights.save_judgement(study, actor=admin, judge="专家甲", values={"0-1": "9", "0-2": "3", "1-2": "1/3"})
    weights.save_judgement(study, actor=admin, judge="专家乙", values={"0-1": "1", "0-2": "3", "1-2": "3"})
    result = weights.result_of(study)
    # combined: A:B = 3, A:C = 3, B:C = 1 → weights 3/5, 1/5, 1/5
    assert [round(w["weight"], 3) for w in result.weights] == [0.6, 0.2, 0.2]
    assert [j["judge"] for j in result.judges] == ["专家甲", "专家乙"]
    # the same judge again replaces their judgement
    weights.save_judgement(study, actor=admin, judge="专家乙", values={"0-1": "9", "0-2": "3", "1-2": "1/3"})
    assert study.judgements.count() == 2


def test_points_are_shared_out_of_the_total_and_passed_down_with_the_input_scale_kept(world, points_version):
    admin = world.users.admin
    study = weights.start_study(points_version, actor=admin)
    assert study.codes == ["A", "B"]  # the deduction group sits outside the weights
    weights.save_judgement(study, actor=admin, judge="赵管理", values={"0-1": "1"})
    draft = weights.accept_study(study, actor=admin)
    a, b = node(draft.definition, "A"), node(draft.definition, "B")
    assert (a["points"], b["points"]) == (50, 50)
    a1, a2, b1 = node(draft.definition, "A1"), node(draft.definition, "A2"), node(draft.definition, "B1")
    assert a1["points"] + a2["points"] == pytest.approx(50)
    assert (a1["points"], a1["scale"]) == (33.3, 40)
    assert (b1["points"], b1["scale"]) == (50, 40)
    assert a1["by_category"]["党群系统"] + a2["by_category"]["党群系统"] == 50
    assert node(draft.definition, "X")["points"] == 10
    assert draft.issue_count == 0


def test_incomplete_or_off_scale_judgements_are_refused_by_pair(world, weighted_version):
    study = weights.start_study(weighted_version, actor=world.users.admin)
    with pytest.raises(Invalid) as caught:
        weights.save_judgement(study, actor=world.users.admin, judge="", values={"0-1": "10", "0-2": "2"})
    fields = {p["field"]: p["message"] for p in caught.value.as_dicts()}
    assert fields["judge"] == "请填写判断人。"
    assert "判断值须为 1–9 标度" in fields["0-1"]
    assert fields["1-2"] == "「机构编制管理」与「社会评价」:请选择判断。"
    assert study.judgements.count() == 0


def test_only_the_office_judges_and_nothing_changes_once_accepted(world, weighted_version):
    admin = world.users.admin
    study = weights.start_study(weighted_version, actor=admin)
    with pytest.raises(Refused):
        weights.save_judgement(study, actor=world.users.evaluator, judge="钱评估", values=CONSISTENT)
    with pytest.raises(Refused):
        weights.start_study(weighted_version, actor=world.users.committee)
    weights.save_judgement(study, actor=admin, judge="赵管理", values=CONSISTENT)
    weights.accept_study(study, actor=admin)
    study.refresh_from_db()
    with pytest.raises(Refused, match="已生成草稿"):
        weights.save_judgement(study, actor=admin, judge="赵管理", values=CONSISTENT)


def test_a_level_with_one_indicator_cannot_be_compared(world, weighted_version):
    with pytest.raises(Invalid, match="至少要有 2 个"):
        weights.start_study(weighted_version, actor=world.users.admin, parent_code="A")
    with pytest.raises(Invalid, match="没有指标“Z”"):
        weights.start_study(weighted_version, actor=world.users.admin, parent_code="Z")
