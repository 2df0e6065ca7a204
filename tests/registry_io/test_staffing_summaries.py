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
