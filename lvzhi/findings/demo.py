"""Demo part: the findings ledger of the demo county (莱阳市), in every state of rectification.

- From the published 2025 campaign: findings of the desk review and the on-site evaluation, most closed one by
  one (整改一件、销号一件), some still open; a common finding (共性问题) issued to five units and closed per unit.
- On their own: a 12345 hotline case, NPC/CPPCC opinions (Laiyang put 8 of 43 into the ledger), an audit report, a
  supervision warning; one overdue (the office's to-do: remind), one submitted (to verify), one verified (to close).
- The demo contact's 发改局 has one finding to plan, one returned once (its to-do, urgent), one closed.
- Measures against units: an interview (约谈), a bulletin (通报), staffing matters suspended (暂停机构编制事项).

Everything goes through lvzhi.findings.actions, so it is audited like any step; only the dates are set back
afterwards so that "time to close" has something to show.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from lvzhi.accounts.models import Role, User
from lvzhi.registry.models import Unit

from . import actions, demo_results
from .models import Finding

D = datetime.date
# (unit, source, category, severity, title, root cause, state, days since raised, deadline offset in days)
LEDGER = [
    (
        "莱阳市发展和改革局",
        "hotline",
        "underperformance",
        "medium",
        "12345热线反映项目备案咨询电话长期无人接听",
        "咨询岗位未明确AB角",
        "open",
        20,
        25,
    ),
    (
        "莱阳市发展和改革局",
        "npc_cppcc",
        "underperformance",
        "medium",
        "人大代表建议:重点项目审批进度信息未按月公开",
        "信息公开责任未落实到科室",
        "returned",
        60,
        10,
    ),
    (
        "莱阳市发展和改革局",
        "desk_review",
        "lists",
        "low",
        "权责清单中3项行政检查事项未标注依据条款",
        "清单动态调整未及时跟进",
        "closed",
        200,
        -150,
    ),
    (
        "莱阳市民政局",
        "on_site",
        "staffing",
        "high",
        "超职数配备副科级领导干部1名",
        "机构改革后未及时消化",
        "rectifying",
        180,
        30,
    ),
    (
        "莱阳市民政局",
        "hotline",
        "underperformance",
        "medium",
        "12345热线反映低保复核结果告知不及时",
        "复核流程缺少告知环节",
        "submitted",
        75,
        15,
    ),
    (
        "莱阳市人力资源和社会保障局",
        "on_site",
        "interference",
        "medium",
        "上级业务部门要求设立对应科室(条条干预)",
        "对上级部门要求未按程序报编办",
        "verified",
        150,
        -5,
    ),
    (
        "莱阳市卫生健康局",
        "audit",
        "violation",
        "high",
        "审计发现借用下属单位人员4名长期在机关工作",
        "人员借调未报批",
        "open",
        95,
        -20,
    ),
    (
        "莱阳市自然资源和规划局",
        "npc_cppcc",
        "overlap",
        "medium",
        "政协委员提案:违法占地查处与综合执法职责交叉",
        "职责边界未在清单中划清",
        "rectifying",
        120,
        -12,
    ),
    (
        "莱阳市住房和城乡建设局",
        "supervision",
        "underperformance",
        "medium",
        "监管预警:施工许可办理超时率连续两季度超过10%",
        "审批环节多、签批层级多",
        "submitted",
        40,
        20,
    ),
    (
        "莱阳市交通运输局",
        "desk_review",
        "staffing",
        "low",
        "编制台账与实名制信息不一致(2人)",
        "人员变动未及时录入",
        "closed",
        210,
        -170,
    ),
    (
        "莱阳市水务局",
        "on_site",
        "underperformance",
        "medium",
        "防汛物资储备管理制度未落实到岗位",
        "岗位职责未细化",
        "closed",
        190,
        -120,
    ),
    (
        "莱阳市农业农村局",
        "self_assessment",
        "lists",
        "low",
        "自查发现属地管理清单中2项事项责任乡镇未明确",
        "清单编制时未征求乡镇意见",
        "closed",
        230,
        -180,
    ),
    (
        "莱阳市应急管理局",
        "audit",
        "violation",
        "high",
        "巡察反馈:安全生产执法检查记录不完整",
        "执法全过程记录制度执行不严",
        "verified",
        100,
        -2,
    ),
    (
        "莱阳市综合行政执法局",
        "hotline",
        "underperformance",
        "medium",
        "12345热线反映占道经营投诉处置反馈超时",
        "派单与处置衔接不畅",
        "open",
        35,
        -8,
    ),
    (
        "莱阳市行政审批服务局",
        "other",
        "窗口服务不规范",
        "low",
        "综合窗口一次性告知单内容与实际要求不符",
        "告知单未随事项调整更新",
        "rectifying",
        25,
        20,
    ),
]
COMMON = (
    "机构编制事项报批不规范:内设机构调整未报编办审核",
    "staffing",
    ["莱阳市民政局", "莱阳市交通运输局", "莱阳市水务局", "莱阳市农业农村局", "莱阳市应急管理局"],
)
COMMON_STATES = ["closed", "closed", "verified", "submitted", "rectifying"]


def _walk(finding: Finding, state: str, admin: Any, contact: Any) -> Finding:
    if state == "open":
        return finding
    finding = actions.file_plan(finding, actor=contact, plan="制定整改方案:明确责任科室和完成时限,逐项整改。",
                                responsible="分管副局长")  # fmt: skip
    if state == "rectifying":
        return finding
    finding = actions.submit_evidence(finding, actor=contact, note="已按方案完成整改,附相关制度文件和台账。")
    if state == "submitted":
        return finding
    if state == "returned":
        return actions.return_finding(
            finding, actor=admin, reason="佐证仅有整改说明,缺少公开记录截图,请补充。"
        )
    finding = actions.verify_finding(finding, actor=admin, note="经核验整改到位。")
    if state == "verified":
        return finding
    return actions.close_finding(finding, actor=admin)


def _backdate(finding: Finding, days: int, deadline_offset: int) -> None:
    now = timezone.now()
    raised = now - datetime.timedelta(days=days)
    closed = raised + datetime.timedelta(days=max(10, days // 3)) if finding.closed_at else None
    Finding.objects.filter(pk=finding.pk).update(
        raised_at=raised, issued_at=raised, closed_at=closed,
        deadline=timezone.localdate() + datetime.timedelta(days=deadline_offset),
    )  # fmt: skip


def _all_units() -> dict[str, Any]:
    return {u.name: u for u in Unit.objects.all()}


def build(rng: Any, stdout: Any = None) -> list[Finding]:
    admin = User.objects.filter(role=Role.ADMIN, is_active=True).order_by("pk").first()
    units = {u.name: u for u in Unit.objects.filter(name__in={row[0] for row in LEDGER} | set(COMMON[2]))}
    if admin is None or not units or Finding.objects.filter(source="hotline").exists():
        return []
    from lvzhi.campaigns.demo import NAME_2025
    from lvzhi.campaigns.models import Campaign

    campaign = Campaign.objects.filter(name=NAME_2025).first()
    contacts = {u.unit_id: u for u in User.objects.filter(role=Role.UNIT_CONTACT, is_active=True)}
    actions.save_category(actor=admin, name="窗口服务不规范", order=1)
    made = []
    for name, source, category, severity, title, cause, state, days, offset in LEDGER:
        unit = units.get(name)
        if unit is None:
            continue
        in_campaign = source in ("desk_review", "on_site", "self_assessment") and campaign is not None
        finding = actions.raise_finding(
            actor=admin, unit=unit, source=source, category=category, severity=severity, title=title,
            root_cause=cause, campaign=campaign if in_campaign else None,
            immediate=severity == "high", deadline=timezone.localdate() + datetime.timedelta(days=offset),
        )  # fmt: skip
        finding = _walk(finding, state, admin, contacts.get(unit.pk, admin))
        _backdate(finding, days, offset)
        made.append(finding)
    title, category, names = COMMON
    common_units = [units[n] for n in names if n in units]
    if len(common_units) >= 2:
        common = actions.raise_common_finding(
            actor=admin, units=common_units, source="desk_review", category=category, title=title,
            campaign=campaign, description="评估中多个单位存在同类问题,统一下发、分别整改、逐一销号。",
        )  # fmt: skip
        for finding, state in zip(common.findings.order_by("pk"), COMMON_STATES, strict=False):
            finding = _walk(finding, state, admin, contacts.get(finding.unit_id, admin))
            _backdate(finding, 120, 30 if state != "closed" else -60)
            made.append(finding)
    late = Finding.objects.filter(title__startswith="审计发现借用").first()
    if late is not None:
        actions.record_measure(actor=admin, unit=late.unit, finding=late, kind="interview", person="局长",
                               taken_on=timezone.localdate() - datetime.timedelta(days=5),
                               note="整改逾期,约谈主要负责人,要求一个月内完成。")  # fmt: skip
        actions.record_measure(actor=admin, unit=late.unit, finding=late, kind="suspend",
                               document_number="莱编办函〔2026〕12号",
                               note="整改完成前暂停办理该单位机构编制事项。")  # fmt: skip
    street = Finding.objects.filter(title__startswith="12345热线反映占道经营").first()
    if street is not None:
        actions.record_measure(actor=admin, unit=street.unit, finding=street, kind="bulletin",
                               document_number="莱编办通〔2026〕5号", note="在全市范围内通报整改逾期情况。")  # fmt: skip
    lists = demo_results.build(admin, _all_units(), campaign, timezone.localdate())
    cases = demo_results.build_cases(admin, _all_units(), timezone.localdate())
    if stdout:
        stdout.write(f"特色亮点{lists[0]}条,待完善制度{lists[1]}项,问责案件{cases}起。")
        stdout.write(f"问题台账:{len(made)}个问题,覆盖待整改、整改中、已提交、已退回、已核验、已销号各状态。")
    return made
