"""The per-unit staffing summaries (UnitStaffing, UnitLeadership) agree with a fresh count from the persons."""

import io

from django.core.management import call_command

from lvzhi.registry.models import UnitLeadership, UnitStaffing, refresh_staffing_summaries


def summaries():
    return (
        sorted(UnitStaffing.objects.values_list("unit_id", "kind", "approved", "actual")),
        sorted(UnitLeadership.objects.values_list("unit_id", "level", "allowed", "used")),
    )


def test_the_demo_county_has_its_staffing_summaries(db):
    from lvzhi.demo.build import build_demo

    build_demo()
    built = summaries()
    assert len(built[0]) > 75
    refresh_staffing_summaries()
    assert summaries() == built


def test_the_refresh_command_recounts_what_bulk_writes_left_behind(world):
    UnitStaffing.objects.all().delete()
    out = io.StringIO()
    call_command("refresh_staffing", stdout=out)
    assert "已重新统计全部单位" in out.getvalue()
    figures = UnitStaffing.objects.get(unit=world.unit_a, kind="administrative")
    assert (figures.approved, figures.actual) == (10, 2)
    head = UnitLeadership.objects.get(unit=world.unit_a, level="unit_head")
    assert (head.allowed, head.used) == (1, 1)


def test_totals_take_vacancies_and_over_quota_use_per_unit_before_summing(world):
    from lvzhi.registry.models import Person

    # LY001: 10 administrative approved, 2 in post (8 vacant). LY002: 10 approved; make it 12 in post (2 over).
    for i in range(11):
        Person.objects.create(
            unit=world.unit_b, staff_no=f"P9{i:03d}", name="某人", staffing_kind="administrative"
        )
    rows = {
        (r["unit__region_id"], r["kind"]): r for r in UnitStaffing.objects.totals("unit__region_id", "kind")
    }
    laiyang = rows[(world.laiyang.pk, "administrative")]
    assert (laiyang["approved_sum"], laiyang["actual_sum"]) == (20, 14)
    assert (laiyang["vacancy_sum"], laiyang["over_sum"]) == (8, 2)
    (leaders,) = UnitLeadership.objects.filter(unit=world.unit_a, level="unit_head").totals("level")
    assert (leaders["allowed_sum"], leaders["used_sum"], leaders["over_sum"]) == (1, 1, 0)
