"""Every business event the campaign room writes to the audit log has a Chinese name there."""

import ast
from pathlib import Path

from django.urls import reverse

import lvzhi.campaigns
from lvzhi.audit import views as audit_views
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
        assert audit_views.EVENT_LABELS[event_type] == label
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
