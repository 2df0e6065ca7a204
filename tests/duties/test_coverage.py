"""The coverage check "两个全部分解": every main duty reaches an internal body, every task reaches a post — per
unit and for a region, with counts and the gaps listed."""

import pytest

from lvzhi.core.errors import Invalid, Refused
from lvzhi.duties import actions, selectors
from lvzhi.registry.models import MainDuty, Unit


@pytest.mark.django_db
def test_coverage_counts_and_lists_every_gap(world):
    admin = world.users.admin
    unit = world.unit_a
    sanding = unit.current_sanding
    first = sanding.main_duties.get()
    second = MainDuty.objects.create(sanding=sanding, seq=2, text="负责价格监督检查工作。")
    duty = actions.save_body_duty(
        unit,
        internal_body=world.planning,
        main_duty=first,
        text="负责国民经济和社会发展中长期规划的编制。",
        actor=admin,
    )
    staffed = actions.save_task(duty, text="起草五年规划纲要", posts=[world.clerk_post], actor=admin)
    bare = actions.save_task(duty, text="组织规划中期评估", actor=admin)

    figures = selectors.coverage(Unit.objects.filter(pk=unit.pk))
    row = figures.units[0]
    assert (row.main_duties, row.main_undecomposed, row.body_duties, row.tasks, row.tasks_without_post) == (
        2,
        1,
        1,
        2,
        1,
    )
    assert not row.complete
    assert figures.missing_main == [second]
    assert figures.missing_post == [bare]
    assert staffed not in figures.missing_post

    actions.save_body_duty(
        unit, internal_body=world.office, main_duty=second, text="负责价格检查的组织。", actor=admin
    )
    actions.save_task(bare.body_duty, task=bare, text=bare.text, posts=[world.head_post], actor=admin)
    row = selectors.coverage(Unit.objects.filter(pk=unit.pk)).units[0]
    assert row.complete


@pytest.mark.django_db
def test_region_coverage_counts_each_unit(world):
    figures = selectors.coverage(selectors.region_units(world.users.admin, world.laiyang))
    names = {row.unit_name for row in figures.units}
    assert names == {"莱阳市发展和改革局", "莱阳市民政局"}  # 海阳市 is another county
    assert figures.totals["main_duties"] == 2 and figures.totals["main_undecomposed"] == 2


@pytest.mark.django_db
def test_decomposition_stays_inside_the_unit(world):
    with pytest.raises(Invalid):
        actions.save_body_duty(world.unit_b, internal_body=world.planning, text="x", actor=world.users.admin)
    with pytest.raises(Refused):
        actions.save_body_duty(
            world.unit_b,
            internal_body=world.unit_b.internal_bodies.create(code="1", name="办公室"),
            text="x",
            actor=world.users.contact_a,
        )


@pytest.mark.django_db
def test_the_coverage_page_shows_the_counts(world, login):
    admin = world.users.admin
    duty = actions.save_body_duty(
        world.unit_a,
        internal_body=world.planning,
        main_duty=world.unit_a.current_sanding.main_duties.get(),
        text="负责规划。",
        actor=admin,
    )
    actions.save_task(duty, text="起草规划", actor=admin)
    page = login(admin).get("/duties/coverage/", {"region": world.laiyang.pk})
    assert page.status_code == 200
    text = page.content.decode()
    assert "未落实到岗位的工作任务" in text and "起草规划" in text
    unit_page = login(world.users.contact_a).get(f"/duties/units/{world.unit_a.pk}/")
    assert "起草规划" in unit_page.content.decode()
    assert login(world.users.contact_a).get(f"/duties/units/{world.unit_b.pk}/").status_code == 404
