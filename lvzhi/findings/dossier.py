"""A unit's performance dossier (履职档案) for the year before a day (a staffing request's date, or today): what
the office reads before deciding on a staffing change (Laiyang) — the results of the campaigns published in that
year (only published ones: draft scores never reach the dossier), its findings and their status, measures and
accountability cases, supervision warnings, workload, staffing and vacancies, and the staffing recommendations.
As a page and as an Excel workbook through the one writer (lvzhi.core.spreadsheets). Nothing here writes."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core import spreadsheets
from lvzhi.core.templatetags.lvzhi_format import cn_date

from .facts import UnitFacts, facts, year_before
from .models import AccountabilityCase, Finding, Measure, Recommendation
from .selectors import STATUS_ORDER


@dataclass
class Dossier:
    unit: Any
    since: datetime.date
    until: datetime.date
    results: list[Any]
    findings: list[Finding]
    by_status: list[tuple[str, str, int]]
    measures: list[Measure]
    cases: list[AccountabilityCase]
    facts: UnitFacts
    staffing: Any
    recommendations: list[Recommendation] = field(default_factory=list)

    @property
    def open_findings(self) -> int:
        return sum(1 for f in self.findings if f.status not in Finding.DONE_STATES)

    @property
    def overdue_findings(self) -> int:
        return sum(1 for f in self.findings if f.is_overdue(self.until))


def dossier(user: Any, unit: Any, until: datetime.date | None = None) -> Dossier:
    """The dossier of `unit` for the year up to `until` (today by default), as `user` may read it."""
    from lvzhi.campaigns.models import UnitResult
    from lvzhi.registry.staffing import staffing_of_unit

    until = until or timezone.localdate()
    since = year_before(until)
    results = list(
        UnitResult.objects.filter(unit=unit, campaign__published_at__isnull=False,
                                  campaign__published_at__date__gte=since, campaign__published_at__date__lte=until)
        .select_related("campaign", "category").order_by("-campaign__year", "-campaign_id")
    )  # fmt: skip
    findings = list(
        Finding.objects.visible_to(user).filter(unit=unit, raised_at__date__lte=until)
        .filter(Q(raised_at__date__gte=since) | ~Q(status__in=Finding.DONE_STATES) | Q(closed_at__date__gte=since))
        .select_related("campaign").annotate(status_order=STATUS_ORDER).order_by("status_order", "deadline", "id")
    )  # fmt: skip
    status = Counter(f.status for f in findings)
    return Dossier(
        unit=unit, since=since, until=until, results=results, findings=findings,
        by_status=[(v, str(lbl), status[v]) for v, lbl in Finding.Status.choices],
        measures=list(Measure.objects.visible_to(user).filter(unit=unit, taken_on__gte=since, taken_on__lte=until)
                      .select_related("finding")),
        cases=list(AccountabilityCase.objects.visible_to(user).filter(unit=unit, occurred_on__gte=since,
                                                                      occurred_on__lte=until)
                   .select_related("situation__area", "post", "person")),
        facts=facts(user, [unit], until)[unit.pk], staffing=staffing_of_unit(unit),
        recommendations=list(Recommendation.objects.visible_to(user, "view_recommendations").filter(unit=unit)
                             .select_related("campaign").order_by("-created_at", "-id")),
    )  # fmt: skip


def _d(value: Any) -> str:
    return str(cn_date(value)) if value else ""  # type: ignore[no-untyped-call]


def workbook(d: Dossier) -> bytes:
    """The dossier as a workbook: 概况, then one sheet per part, every text a text cell."""
    book = spreadsheets.new_workbook(title=_("概况"))
    sheet = book.active
    f = d.facts
    w = f.workload
    for row in [
        [_("单位"), d.unit.name], [_("单位代码"), d.unit.code],
        [_("期间"), f"{_d(d.since)}—{_d(d.until)}"],
        [_("核定编制"), f.approved], [_("实有人数"), f.actual], [_("空编"), f.vacancy], [_("超编"), f.over],
        [_("超职数配备领导"), f.leadership_over],
        [_("近一年人均履职量"), round(w.per_head, 1) if w else ""],
        [_("同类单位平均"), round(w.peer_mean, 1) if w and w.peer_mean else ""],
        [_("工作饱和度(同类单位平均=100%)"), f"{round(w.ratio * 100)}%" if w and w.ratio else ""],
        [_("问题总数"), len(d.findings)], [_("未完成整改"), d.open_findings], [_("整改逾期"), d.overdue_findings],
        [_("监管预警"), len(f.warnings)], [_("问责案件"), len(d.cases)],
    ]:  # fmt: skip
        spreadsheets.append(sheet, row)
    parts: list[tuple[str, list[str], list[list[Any]]]] = [
        (_("评估结果"), [_("评估活动"), _("年度"), _("类别"), _("总分"), _("等次"), _("类别内排名"), _("公布时间")],
         [[r.campaign.name, r.campaign.year, r.category.name if r.category_id else "",
           "" if r.total is None else str(r.total), r.grade, r.rank or "", _d(r.campaign.published_at)]
          for r in d.results]),
        (_("问题及整改"), [_("问题"), _("来源"), _("问题类别"), _("严重程度"), _("评估活动"), _("状态"),
                         _("整改期限"), _("是否逾期"), _("销号时间")],
         [[x.title, x.get_source_display(), x.get_category_display(), x.get_severity_display(),
           x.campaign.name if x.campaign else "", x.get_status_display(), _d(x.deadline),
           _("是") if x.is_overdue(d.until) else _("否"), _d(x.closed_at)] for x in d.findings]),
        (_("督促措施"), [_("日期"), _("措施"), _("对象"), _("文号"), _("情况"), _("办结")],
         [[_d(m.taken_on), m.get_kind_display(), m.person, m.document_number, m.note,
           _d(m.done_at) if m.done_at else _("未办结")] for m in d.measures]),
        (_("问责案件"), [_("问责日期"), _("案由"), _("领域"), _("问责情形"), _("岗位"), _("人员"), _("文号"), _("扣分")],
         [[_d(c.occurred_on), c.title, c.situation.area.name, c.situation.name, str(c.post or ""),
           str(c.person or ""), c.document_number, str(c.deduction)] for c in d.cases]),
        (_("监管预警"), [_("预警时间"), _("预警类型"), _("期间"), _("预警内容"), _("状态")],
         [[_d(x.raised_at), x.get_kind_display(), x.period, x.summary, x.get_status_display()]
          for x in f.warnings]),
        (_("编制使用"), [_("编制类型"), _("核定"), _("实有"), _("空编"), _("超编")],
         [[k.label, k.approved, k.actual, k.vacancy, k.over] for k in d.staffing.kinds]
         + [[_("领导职数:%(level)s") % {"level": lv.label}, lv.allowed, lv.used, "", lv.over]
            for lv in d.staffing.leadership]),
        (_("机构编制调整建议"), [_("评估活动"), _("建议"), _("理由"), _("状态"), _("机构编制事项"), _("文号")],
         [[r.campaign.name if r.campaign else "", r.get_kind_display(), ";".join(r.reasons),
           r.get_status_display(), r.matter, r.document_number] for r in d.recommendations]),
    ]  # fmt: skip
    for title, headers, rows in parts:
        part = book.create_sheet(spreadsheets.sheet_title(title))
        spreadsheets.append(part, headers)
        for row in rows:
            spreadsheets.append(part, [c if isinstance(c, int) else str(c) for c in row])
    return spreadsheets.to_bytes(book)
