"""Every business event the campaign room writes to the audit log has a Chinese name there."""

import ast
from pathlib import Path

from django.urls import reverse

import lvzhi.campaigns
from lvzhi.audit import labels as audit_labels
from lvzhi.campaigns import actions, scoring
from lvzhi.campaigns.events import EVENT_LABELS
from lvzhi.campaigns.models import Stage

from .conftest import advance

ROOM = Path(lvzhi.campaigns.__file__).parent


def written_event_types() -> set[str]:
    """The first argument of every `record_event(...)` call in the room's code."""
    found = set()
    for path in ROOM.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "record_event"):
                continue
            first = node.args[0]
            assert isinstance(first, ast.Constant), f"{path.name}:{node.lineno} 事件类型应为字面量"
            found.add(first.value)
    return found


def test_every_event_type_the_campaigns_code_writes_has_a_registered_chinese_label():
    written = written_event_types()
    assert "campaign.results_computed" in written and len(written) >= 15
    assert sorted(written - set(EVENT_LABELS)) == []
    assert sorted(set(EVENT_LABELS) - written) == []  # no label for an event nobody writes
    for event_type, label in EVENT_LABELS.items():
        assert audit_labels.EVENT_LABELS[event_type] == label
        assert all("\u4e00" <= ch <= "\u9fff" for ch in str(label)), label


def test_the_audit_log_names_campaign_events_in_chinese(world, camp, login):
    u = world.users
    camp = advance(camp, Stage.SCORING, u.admin)
    scoring.compute(camp, actor=u.admin)
    actions.reopen_stage(camp, actor=u.admin, stage=Stage.SELF_ASSESSMENT, reason="补充材料")
    html = login(u.admin).get(reverse("audit:event_list")).content.decode()
    for label in ("评估活动 · 计算评估结果", "评估活动 · 重新开启评估阶段", "评估活动 · 结束评估阶段"):
        assert label in html
    assert "campaign.results_computed" not in html


def test_every_value_a_campaign_event_records_has_a_chinese_name_or_is_hidden(world, camp):
    """Each key a `record_event(..., before=/after={...})` call writes is named in EVENT_FIELDS (or is a field of
    the object, like a campaign's stage), so the log never shows `forced True` or `units、flags、digest`."""
    from lvzhi.campaigns.events import EVENT_FIELDS

    for path in ROOM.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "record_event"):
                continue
            event_type = node.args[0].value
            for keyword in node.keywords:
                if keyword.arg in ("before", "after") and isinstance(keyword.value, ast.Dict):
                    for key in keyword.value.keys:
                        assert key.value in EVENT_FIELDS[event_type], (event_type, key.value)


def test_a_forced_stage_close_and_a_computation_read_in_chinese_in_the_log(world, camp, login):
    u = world.users
    camp = advance(camp, Stage.SCORING, u.admin)
    scoring.compute(camp, actor=u.admin)
    client = login(u.admin)
    listing = client.get(reverse("audit:event_list")).content.decode()
    # both values named (PostgreSQL's jsonb keeps the keys in its own order, so either order)
    assert "计算的单位数、三角印证提示数" in listing or "三角印证提示数、计算的单位数" in listing
    for code in ("units", "flags", "digest", "forced", "blockers"):
        assert f">{code}" not in listing and f"{code}、" not in listing
    from lvzhi.audit.models import AuditEvent

    closes = AuditEvent.objects.filter(event_type="campaign.stage_closed").order_by("at", "pk")
    forced = next(e for e in closes if e.after["forced"])
    detail = client.get(reverse("audit:event_detail", args=[forced.pk])).content.decode()
    assert "强制结束" in detail and ">是<" in detail and "结束时未满足的条件" in detail
    assert forced.get_action_display() in detail
    stage_names = [str(label) for _value, label in Stage.choices]
    assert sum(name in detail for name in stage_names) >= 2  # the stage closed and the one opened, by name
    assert "True" not in detail and "self_assessment" not in detail
    assert "True" not in detail and "self_assessment" not in detail
    computed = AuditEvent.objects.get(event_type="campaign.results_computed")
    detail = client.get(reverse("audit:event_detail", args=[computed.pk])).content.decode()
    assert "计算的单位数" in detail and "digest" not in detail and "结果摘要" not in detail
