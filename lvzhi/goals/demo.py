"""What `lvzhi setup_demo` adds for the goals room: the year's annual goals of 莱阳市发展和改革局 (the demo
contact's unit) in every state — approved with quarterly progress, one submitted and waiting for the office, one
returned with the reasons (on the contact's to-do list), a draft — a section's and a person's 目标计划书, and
莱阳市民政局's approved goals with a quarter overdue (the office's overdue list and to-do). Written through the
room's actions, so the audit log has the whole story."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from lvzhi.accounts.models import Role, User
from lvzhi.registry.models import InternalBody, Person, Region, Unit

from . import actions, deadlines, progress
from .actions import GoalFields

QUANT: dict[str, Any] = {"nature": "quantitative"}


def _body(unit: Unit, name: str) -> InternalBody | None:
    return (
        InternalBody.objects.filter(unit=unit, name=name).first()
        or InternalBody.objects.filter(unit=unit).order_by("order", "code").first()
    )


def _duty(unit: Unit) -> dict[str, Any]:
    """A 三定 source with the unit's first main duty, or (no 三定 in the registry) an assigned one."""
    sanding = unit.current_sanding
    duty = sanding.main_duties.order_by("seq").first() if sanding else None
    if duty is None:
        return {"source": "assigned", "source_note": "单位年度工作要点"}
    return {"source": "sanding", "main_duty": duty}


def _goal(
    unit: Unit, fields: GoalFields, tasks: list[tuple[InternalBody | None, str, dt.date]], actor: Any
) -> Any:
    goal = actions.save_goal(unit, fields, actor=actor)
    for body, text, deadline in tasks:
        if body is not None:
            actions.save_task(goal, internal_body=body, text=text, deadline=deadline, actor=actor)
    return goal


def _report(goal: Any, quarter: int, text: str, *, actor: Any, today: dt.date, **values: Any) -> None:
    if (
        progress.quarter_started(goal.year, quarter, today)
        and deadlines.period(goal.year, quarter).ends < today
    ):
        progress.report_progress(goal, quarter, progress=text, actor=actor, today=today, **values)


def build(rng: Any, stdout: Any = None) -> None:
    admin = User.objects.filter(role=Role.ADMIN, is_active=True).order_by("pk").first()
    laiyang = Region.objects.filter(name="莱阳市").first()
    units = {u.name: u for u in Unit.objects.filter(region=laiyang)}
    if admin is None or "莱阳市发展和改革局" not in units or "莱阳市民政局" not in units:
        return
    fgj, mzj = units["莱阳市发展和改革局"], units["莱阳市民政局"]
    contact = User.objects.filter(role=Role.UNIT_CONTACT, unit=fgj, is_active=True).first() or admin
    today = timezone.localdate()
    year = today.year
    end = dt.date(year, 12, 31)
    investment, price, office = (_body(fgj, n) for n in ("固定资产投资科", "价格管理科", "办公室"))

    key = _goal(fgj, GoalFields(
        year=year, title="全年完成固定资产投资项目审批提速,新开工重点项目40个", source="central_task",
        source_note=f"莱阳市{year}年政府工作报告", category="key", metric="新开工重点项目", measure_unit="个",
        target=Decimal(40), target_q1=Decimal(6), target_q2=Decimal(18), target_q3=Decimal(30), **QUANT,
    ), [(investment, "建立重点项目调度台账,按月调度", end), (office, "汇总报送项目进展信息", end)], contact)  # fmt: skip
    plan = _goal(fgj, GoalFields(
        year=year, title="编制“十五五”规划纲要并提请审议", source="assigned", source_note="烟发改规划〔2026〕3号",
        category="key", nature="qualitative", measure_q1="完成基本思路研究", measure_q2="形成纲要初稿",
        measure_q3="广泛征求意见并修改", measure_q4="提请市人代会审议",
    ), [(investment, "牵头起草规划纲要", dt.date(year, 11, 30))], contact)  # fmt: skip
    prices = _goal(fgj, GoalFields(
        year=year, title="开展重要民生商品价格监测", category="regular", **_duty(fgj),
        metric="价格监测报告", measure_unit="期", target=Decimal(48), **QUANT,
    ), [(price, "每周采集并发布价格监测数据", end)], contact)  # fmt: skip
    for goal in (key, plan, prices):
        actions.submit_goal(goal, actor=contact)
        actions.review_goal(goal, decision="approve", actor=admin)
    _report(key, 1, "一季度新开工重点项目7个", actual=Decimal(7), actor=contact, today=today)
    _report(key, 2, "上半年累计新开工16个,2个项目因用地手续滞后", actual=Decimal(16), actor=contact, today=today,
            problems="加快用地预审")  # fmt: skip
    _report(key, 3, "前三季度累计新开工31个", actual=Decimal(31), actor=contact, today=today)
    _report(plan, 1, "完成基本思路研究报告", completion="done", actor=contact, today=today)
    _report(plan, 2, "纲要初稿已形成", completion="done", actor=contact, today=today)
    _report(plan, 3, "已征求28个部门意见,修改稿待定稿", completion="partial", actor=contact, today=today)
    _report(prices, 1, "发布价格监测报告12期", actual=Decimal(12), actor=contact, today=today)
    _report(prices, 2, "累计发布24期", actual=Decimal(24), actor=contact, today=today)

    waiting = _goal(fgj, GoalFields(
        year=year, title="完成粮食储备库智能化改造", source="assigned", source_note="烟发改粮〔2026〕9号",
        category="regular", metric="改造库点", measure_unit="个", target=Decimal(3), **QUANT,
    ), [(investment, "制定改造方案并组织实施", dt.date(year, 10, 31))], contact)  # fmt: skip
    actions.submit_goal(waiting, actor=contact)
    returned = _goal(fgj, GoalFields(
        year=year, title="优化营商环境", source="central_task", source_note=f"莱阳市{year}年优化营商环境工作要点",
        category="key", nature="qualitative", measure_q1="调研", measure_q2="推进", measure_q3="推进",
        measure_q4="总结",
    ), [(office, "组织推进", end)], contact)  # fmt: skip
    actions.submit_goal(returned, actor=contact)
    actions.review_goal(
        returned, decision="return", actor=admin,
        reason="目标过于笼统:请写明可量化的指标(如企业开办时间压缩到几个工作日),并细化各季度措施。",
    )  # fmt: skip
    _goal(fgj, GoalFields(
        year=year, title="建成项目审批“一张网”", source="central_task", source_note="莱阳市数字政府建设方案",
        category="other", nature="qualitative", measure_q1="需求调研", measure_q2="系统建设", measure_q3="试运行",
        measure_q4="正式上线",
    ), [(investment, "提出业务需求", dt.date(year, 6, 30))], contact)  # fmt: skip
    if investment is not None:
        section = actions.save_goal(fgj, GoalFields(
            year=year, title="固定资产投资科:审批事项办理时限压缩30%", source="central_task", level="body",
            internal_body=investment, source_note="局年度工作要点", category="key", metric="平均办理时限压缩",
            measure_unit="%", target=Decimal(30), **QUANT,
        ), actor=contact)  # fmt: skip
        actions.submit_goal(section, actor=contact)
    person = Person.objects.filter(unit=fgj, is_active=True).order_by("staff_no").first()
    if person is not None:
        own = actions.save_goal(fgj, GoalFields(
            year=year, title=f"{person.name}:全年撰写调研报告4篇", source="assigned", level="person", person=person,
            source_note="局机关个人目标计划书", category="regular", metric="调研报告", measure_unit="篇",
            target=Decimal(4), **QUANT,
        ), actor=contact)  # fmt: skip
        actions.submit_goal(own, actor=contact)
        actions.review_goal(own, decision="approve", actor=admin)
        _report(own, 1, "完成调研报告1篇", actual=Decimal(1), actor=contact, today=today)

    relief = _body(mzj, "社会救助科")
    aid = _goal(mzj, GoalFields(
        year=year, title="城乡低保动态管理,应保尽保", category="key", **_duty(mzj),
        metric="低保对象动态核查", measure_unit="户次", target=Decimal(2400), **QUANT,
    ), [(relief, "按季度开展低保对象动态核查", end)], admin)  # fmt: skip
    actions.submit_goal(aid, actor=admin)
    actions.review_goal(aid, decision="approve", actor=admin)
    _report(aid, 1, "核查620户次", actual=Decimal(620), actor=admin, today=today)
    _report(aid, 2, "累计核查1180户次", actual=Decimal(1180), actor=admin, today=today)  # Q3 left overdue
    if stdout:
        stdout.write(
            f"年度工作目标:{year}年发改局 9 项(已通过、待审核、已退回、草稿,科室和个人目标计划书),民政局 1 项(季度进展逾期)。"
        )
