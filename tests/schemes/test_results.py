"""Results kept under a published version: what campaigns may store and who reads them."""

import pytest

from lvzhi import scoring
from lvzhi.audit.models import AuditEvent
from lvzhi.schemes import actions
from lvzhi.schemes.models import SchemeResult


def _result(version, values, category=None):
    return scoring.score_unit(scoring.load_scheme(version.definition), values, category=category).to_dict()


def test_a_result_is_kept_with_its_inputs_total_and_grade(published, world):
    inputs = {"A1": 40, "A2": 10, "B1": ["优秀"]}
    kept = actions.store_result(published, _result(published, inputs), actor=world.users.evaluator,
                                inputs=inputs, unit=world.unit_a, category="政务服务", context="campaign:1")
    kept.refresh_from_db()
    assert (kept.total, kept.grade, kept.subject) == (100, "优秀", "莱阳市发展和改革局")
    assert AuditEvent.objects.filter(object_id=str(kept.pk), action="create", unit_id=world.unit_a.pk).exists()
    # Anyone can recompute it from the frozen version and get the same JSON, byte for byte.
    assert scoring.engine.dumps(_result(published, kept.inputs)) == scoring.engine.dumps(kept.result)


def test_a_result_under_a_draft_is_refused(draft, world):
    with pytest.raises(actions.SchemeActionError, match="已发布"):
        actions.store_result(draft, _result(draft, {}), actor=world.users.admin, unit=world.unit_a)
    assert not SchemeResult.objects.exists()


def test_results_are_read_within_the_readers_unit_scope(published, world, api):
    for unit in (world.unit_a, world.unit_b):
        actions.store_result(published, _result(published, {"A1": 20}), actor=world.users.admin, unit=unit)

    def units(user):
        return sorted(SchemeResult.objects.visible_to(user).values_list("unit__code", flat=True))

    assert units(world.users.admin) == ["LY001", "LY002"]
    assert units(world.users.committee) == ["LY001", "LY002"]
    assert units(world.users.contact_a) == ["LY001"]
    assert units(world.users.contact_b) == ["LY002"]
    assert units(world.users.evaluator) == ["LY001"]
    assert units(world.users.third_party) == []
    body = api(world.users.contact_a).get("schemes/results", {"scheme": "small"}).json()
    assert [item["unit_id"] for item in body["items"]] == [world.unit_a.pk]
    assert body["items"][0]["total"] == 20
