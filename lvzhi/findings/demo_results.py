"""Demo part: the demo county's result lists beside its ledger, on the pattern of Guangdong's (51 highlights, 40
about the offices' methods and 11 about units' practice; 22 institutions to build): highlights of the office's
methods and of units' practice, institutions to build (planned, being drafted, issued), linked to the 2025
campaign and, where one settles a finding, to it. Everything through lvzhi.findings.actions, audited."""

from __future__ import annotations

import datetime
from typing import Any

from . import actions
from .models import AccountabilityCase, Finding, Highlight, Situation

OFFICE = "office_method"
UNIT = "unit_practice"
# (kind, unit or "" for the office itself, title, description)
HIGHLIGHTS = [
    (OFFICE, "", "“三查三看”评估法", "对照三定查职责、对照清单查履职、对照台账查成效,看职责是否履行、看清单是否落实、看问题是否整改。"),
    (OFFICE, "", "评估结果与机构编制资源配置挂钩", "将评估等次作为核增核减编制、调整内设机构的重要依据,全年据此办理机构编制事项。"),
    (OFFICE, "", "问题清单“整改一件、销号一件”", "评估发现的问题逐一建立台账,明确整改责任人和期限,核验到位后逐项销号。"),
    (OFFICE, "", "引入人大代表、政协委员和服务对象评议", "多方评议结果按权重计入评估得分,评议意见纳入问题台账。"),
    (UNIT, "莱阳市行政审批服务局", "“一窗受理、集成服务”改革", "综合窗口统一受理,后台分类审批,群众办事平均跑动次数减少一半以上。"),
    (UNIT, "莱阳市民政局", "低保复核“提前告知”机制", "复核前10个工作日书面告知对象,结果当日推送,热线投诉明显下降。"),
    (UNIT, "莱阳市发展和改革局", "重点项目审批进度按月公开", "项目审批节点和责任科室每月在门户网站公开,接受社会监督。"),
]  # fmt: skip
# (unit, title, status, due in days from today or None, document number, finding title prefix it settles)
INSTITUTIONS = [
    ("莱阳市民政局", "领导职数动态管理办法", "issued", -30, "莱民发〔2026〕8号", "超职数配备"),
    ("莱阳市发展和改革局", "政务信息公开责任分解制度", "drafting", 45, "", "人大代表建议"),
    ("莱阳市交通运输局", "内设机构调整报批工作规程", "planned", 90, "", "机构编制事项报批不规范"),
    ("", "机构编制评估结果运用办法", "drafting", 60, "", ""),
]


# (unit, situation, title, days ago, document number)
CASES = [
    (
        "莱阳市民政局",
        "超职数、超规格配备领导干部",
        "超职数配备副科级领导干部被通报",
        150,
        "莱编办通〔2026〕2号",
    ),
    ("莱阳市应急管理局", "安全生产监管职责落实不到位被约谈", "汛期安全检查走过场,主要负责人被约谈", 90, ""),
    (
        "莱阳市交通运输局",
        "不作为、慢作为、乱作为被通报",
        "群众反映道路修复拖延被通报",
        40,
        "莱督通〔2026〕7号",
    ),
]


def build_cases(admin: Any, units: dict[str, Any], today: datetime.date) -> int:
    if AccountabilityCase.objects.exists():
        return 0
    actions.seed_catalogue(actor=admin)
    situations = {s.name: s for s in Situation.objects.all()}
    made = 0
    for name, situation, title, days, number in CASES:
        if name not in units or situation not in situations:
            continue
        actions.record_case(actor=admin, situation=situations[situation], unit=units[name], title=title,
                            occurred_on=today - datetime.timedelta(days=days), document_number=number)  # fmt: skip
        made += 1
    return made


def build(admin: Any, units: dict[str, Any], campaign: Any, today: datetime.date) -> tuple[int, int]:
    if Highlight.objects.exists():
        return 0, 0
    year = campaign.year if campaign is not None else today.year
    made = [0, 0]
    for kind, name, title, description in HIGHLIGHTS:
        if name and name not in units:
            continue
        actions.save_list_item("highlights", actor=admin, title=title, description=description, kind=kind,
                               unit=units.get(name), campaign=campaign, year=year)  # fmt: skip
        made[0] += 1
    for name, title, status, due, number, settles in INSTITUTIONS:
        if name and name not in units:
            continue
        finding = (
            Finding.objects.filter(unit=units[name], title__contains=settles).first()
            if name and settles
            else None
        )
        actions.save_list_item(
            "institutions", actor=admin, title=title, status=status, document_number=number,
            due=today + datetime.timedelta(days=due), unit=units.get(name), campaign=campaign, year=year,
            finding=finding,
        )  # fmt: skip
        made[1] += 1
    return made[0], made[1]
