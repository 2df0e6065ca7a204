"""The public page shows only published items in force, without login and without posts or persons; the overlap
review turns confirmed pairs into findings, keeps dismissed ones dismissed and settles with a boundary item."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.test import Client

from lvzhi.duties import actions
from lvzhi.duties.models import OverlapCandidate, PowerItem
from lvzhi.findings.models import Finding

D = datetime.date


def _change(day=None):
    return actions.Change(
        reason="清单调整", effective_date=day or D(2024, 1, 1), document_number="莱编办〔2024〕6号"
    )


def _power(world, unit, code, name, duties, actor=None):
    item = actions.add_item(
        "power",
        {
            "unit": unit,
            "code": code,
            "name": name,
            "item_type": "inspection",
            "responsibilities": duties,
            "legal_basis": "《农产品质量安全法》第五十条",
        },
        change=_change(),
        actor=actor or world.users.admin,
    )
    item.posts.set(unit.posts.all()[:1])
    return item


@pytest.mark.django_db
def test_the_public_page_shows_published_items_only(world):
    shown = _power(world, world.unit_a, "JC-1", "农产品质量安全监督检查", "")
    hidden = _power(world, world.unit_b, "JC-2", "养老机构监督检查", "")
    actions.publish("power", unit=world.unit_a, actor=world.users.admin)
    client = Client()  # not signed in
    page = client.get("/public/lists/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "农产品质量安全监督检查" in text and "养老机构监督检查" not in text
    assert "文秘岗" not in text and "李秀英" not in text  # posts and persons are internal
    assert client.get("/public/lists/", {"q": "养老"}).content.decode().count("list-group-item-action") == 0
    assert client.get("/public/lists/", {"item_type": "inspection", "unit": "发展和改革"}).status_code == 200
    history = client.get(f"/public/lists/power/{shown.key}/")
    assert history.status_code == 200 and "农产品质量安全监督检查" in history.content.decode()
    assert client.get(f"/public/lists/power/{hidden.key}/").status_code == 404
    # A change not yet published: the published version stays the history's last, the new one is not shown.
    actions.change_item(
        shown, {"name": "农产品质量安全抽检"}, change=_change(D(2024, 6, 1)), actor=world.users.admin
    )
    assert "农产品质量安全抽检" not in client.get(f"/public/lists/power/{shown.key}/").content.decode()


@pytest.mark.django_db
def test_the_public_pages_follow_the_units_order_then_codes_across_pages(world):
    from lvzhi.duties.public import PAGE_SIZE

    world.unit_a.order, world.unit_b.order = 2, 1
    world.unit_a.save(), world.unit_b.save()
    for i in range(15):
        _power(world, world.unit_a, f"A-{i:02d}", f"甲单位事项{i:02d}", "")
        _power(world, world.unit_b, f"B-{i:02d}", f"乙单位事项{i:02d}", "")
    for unit in (world.unit_a, world.unit_b):
        actions.publish("power", unit=unit, actor=world.users.admin)
    client = Client()
    shown = []
    for number in (1, 2):
        text = client.get("/public/lists/", {"page": number}).content.decode()
        shown += [f"{u}单位事项{i:02d}" for u in "甲乙" for i in range(15) if f"{u}单位事项{i:02d}" in text]
        if number == 1:
            first_page = list(shown)
            assert "共 30 项" in text
    expected = [f"乙单位事项{i:02d}" for i in range(15)] + [f"甲单位事项{i:02d}" for i in range(15)]
    assert sorted(first_page, key=expected.index) == expected[:PAGE_SIZE]  # unit_b (order 1) first, by code
    assert sorted(shown, key=expected.index) == expected
    only_a = client.get("/public/lists/", {"unit": world.unit_a.name[-4:]}).content.decode()
    assert "甲单位事项00" in only_a and "乙单位事项" not in only_a


@pytest.mark.django_db
def test_confirmed_overlaps_become_findings_and_dismissed_ones_stay_dismissed(world):
    admin = world.users.admin
    _power(
        world,
        world.unit_a,
        "JC-1",
        "食用农产品市场销售质量安全监督检查",
        "负责食用农产品进入批发、零售市场后的质量安全监督管理。",
    )
    _power(
        world,
        world.unit_b,
        "JC-2",
        "农产品质量安全监督检查",
        "负责食用农产品从种植养殖环节到进入批发、零售市场前的质量安全监督管理。",
    )
    _power(world, world.unit_b, "JC-3", "养老服务机构监督检查", "负责养老机构的备案和监督管理。")
    stats = actions.scan_overlaps(world.laiyang, actor=admin)
    assert stats.pairs == 1
    candidate = OverlapCandidate.objects.get()
    assert {candidate.unit_a, candidate.unit_b} == {world.unit_a, world.unit_b}
    assert "食用农产品" in candidate.phrases()  # worked out when the candidate is shown
    finding = actions.confirm_overlap(candidate, note="农业农村与市场监管的监管环节需划清", actor=admin)
    assert "食用农产品" in OverlapCandidate.objects.get().shared_phrases  # kept with the confirmed one
    assert "食用农产品" in finding.title
    assert finding.category == Finding.Category.OVERLAP and finding.campaign is None
    boundary = actions.add_item(
        "boundary",
        {"region": world.laiyang, "code": "BJ-1", "matter": "食用农产品质量安全监管", "unit": world.unit_a},
        change=_change(),
        actor=admin,
    )
    actions.settle_overlap(candidate, boundary, actor=admin)
    finding.refresh_from_db()
    assert finding.status == Finding.Status.CLOSED
    # Dismissed: a later scan finds the pair again and leaves it dismissed.
    OverlapCandidate.objects.all().delete()
    actions.scan_overlaps(world.laiyang, actor=admin)
    actions.dismiss_overlap(OverlapCandidate.objects.get(), note="环节已划分", actor=admin)
    actions.scan_overlaps(world.laiyang, actor=admin)
    assert list(OverlapCandidate.objects.values_list("status", flat=True)) == ["dismissed"]


@pytest.mark.django_db
def test_the_overlaps_command_reads_a_csv_file(tmp_path, capsys):
    path = tmp_path / "duties.csv"
    path.write_text(
        "编号,单位,职责\n1,县水利局,负责河道采砂的统一管理和监督检查\n2,县自然资源局,负责河道采砂的监督管理\n"
        "3,县民政局,完成县委县政府交办的其他任务\n4,县水利局,完成县委县政府交办的其他任务\n",
        encoding="utf-8",
    )
    call_command("lists", "overlaps", str(path), "--json")
    pairs = json.loads(capsys.readouterr().out)
    assert [(p["a"], p["b"]) for p in pairs] == [("1", "2")] and 0 < pairs[0]["score"] <= 1


@pytest.mark.django_db
def test_the_decomposition_import_is_atomic_with_row_errors(world, tmp_path):
    from lvzhi.core.errors import Invalid
    from lvzhi.duties.imports import import_decomposition
    from lvzhi.duties.models import Task

    good = tmp_path / "ok.csv"
    good.write_text(
        "单位代码,内设机构代码,三定职责序号,内设机构职责,工作任务,承担岗位代码\n"
        "LY001,02,1,负责国民经济和社会发展规划的编制。,起草五年规划纲要,A-02\n"
        "LY001,02,1,负责国民经济和社会发展规划的编制。,组织规划中期评估,\n",
        encoding="utf-8",
    )
    result = import_decomposition(good, "ok.csv", actor=world.users.admin)
    assert result == {"rows": 2, "units": 1, "body_duties": 1, "tasks": 2}
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "单位代码,内设机构代码,三定职责序号,内设机构职责,工作任务,承担岗位代码\n"
        "LY001,02,1,负责规划。,新任务,A-02\nLY001,99,1,负责规划。,另一任务,\nLY001,02,7,负责规划。,第三任务,X-9\n",
        encoding="utf-8",
    )
    with pytest.raises(Invalid) as exc:
        import_decomposition(bad, "bad.csv", actor=world.users.admin)
    reasons = [(e.row, e.header) for e in exc.value.errors]
    assert (
        (3, "内设机构代码") in reasons and (4, "三定职责序号") in reasons and (4, "承担岗位代码") in reasons
    )
    assert Task.objects.count() == 2  # nothing of the refused file was stored


@pytest.mark.django_db
def test_the_power_list_exports_as_of_a_date_and_imports_back(world, login, tmp_path):
    from lvzhi.duties.imports import import_list

    item = _power(world, world.unit_a, "JC-1", "农产品质量安全监督检查", "检查")
    actions.change_item(
        item, {"name": "农产品质量安全抽检"}, change=_change(D(2025, 1, 1)), actor=world.users.admin
    )
    response = login(world.users.admin).get(
        "/duties/export/power/", {"unit": world.unit_a.pk, "end": "2024-06-01"}
    )
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    path = tmp_path / "power.xlsx"
    path.write_bytes(content)
    from lvzhi.registry.io.reader import open_table

    table = open_table(path)
    rows = list(table.rows)
    table.close()
    assert [r[2] for r in rows] == ["农产品质量安全监督检查"]  # the name as of that day
    counts = import_list("power", path, "power.xlsx", change=_change(D(2025, 6, 1)), actor=world.users.admin)
    assert counts["changed"] == 1  # back to the old name: one change recorded
    assert PowerItem.objects.current().get(key=item.key).name == "农产品质量安全监督检查"
