"""A published campaign's results in the layouts the consumers take (Excel through the one writer):

- 绩效考核办 (performance assessment office): the 主要职能运行成效 figure — Laiyang takes the evaluation score as
  the figure of the 市直机关绩效考核 indicator; with the indicator's own full marks given, the score is scaled
  to them (total ÷ the scheme's full marks × the indicator's points);
- 组织部 (organisation department): per unit the score, grade and rank, findings and how many are rectified,
  accountability cases and the persons held accountable, 诫勉, and the staffing matters decided;
- 纪委监委 (discipline inspection): the 违规违纪 findings and the accountability cases of the campaign's units
  in its year, with the results beside them.

Only a published campaign is exported: before publication the scores are drafts, which only the office and the
committee read on the campaign's own pages. Leader ratings and survey answers are never in these layouts.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _

from lvzhi.core import spreadsheets
from lvzhi.core.templatetags.lvzhi_format import cn_date

from .events import LAYOUT_LABELS
from .models import AccountabilityCase, Finding, Recommendation
from .policy import FindingRefused

LAYOUTS = LAYOUT_LABELS
BONUS_KINDS = ("bonus", "deduction")
CENT = Decimal("0.01")


@dataclass
class Sheet:
    title: str
    headers: list[str]
    rows: list[list[Any]]


def _d(value: Any) -> str:
    return str(cn_date(value)) if value else ""  # type: ignore[no-untyped-call]


def _score(value: Any) -> str:
    return "" if value is None else str(Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP))


def full_marks(definition: dict[str, Any]) -> Decimal:
    """The scheme's full marks: the points of its level-1 indicators that are neither bonus nor deduction."""
    return sum(
        (Decimal(str(i.get("points") or 0)) for i in definition.get("indicators") or []
         if i.get("kind") not in BONUS_KINDS),
        Decimal(0),
    )  # fmt: skip


def published_results(campaign: Any) -> list[Any]:
    from lvzhi.campaigns.models import UnitResult

    if campaign.published_at is None:
        raise FindingRefused(
            _("「%(name)s」的评估结果尚未公布,不能导出给考核、组织和纪检部门。") % {"name": campaign.name}
        )
    return list(
        UnitResult.objects.filter(campaign=campaign).select_related("unit", "category", "scheme_version")
        .order_by("category__order", "category_id", "rank", "unit__order", "unit__code")
    )  # fmt: skip


def _performance(campaign: Any, results: list[Any], points: Decimal | None) -> list[Sheet]:
    full = full_marks(results[0].scheme_version.definition) if results else Decimal(100)
    points = points or full
    header = _("“主要职能运行成效”指标得分(满分%(points)s分)") % {
        "points": _score(points).rstrip("0").rstrip(".")
    }
    rows = []
    for n, r in enumerate(results, start=1):
        figure = None if r.total is None or not full else Decimal(str(r.total)) / full * points
        rows.append([n, r.unit.code, r.unit.name, r.category.name if r.category else "", _score(r.total),
                     r.grade, r.rank or "", _score(figure)])  # fmt: skip
    return [Sheet(_("主要职能运行成效"),
                  [_("序号"), _("单位代码"), _("单位名称"), _("类别"), _("职能运行评估得分"), _("等次"),
                   _("类别内排名"), header], rows)]  # fmt: skip


def _cases(campaign: Any, unit_ids: list[int]) -> list[AccountabilityCase]:
    return list(
        AccountabilityCase.objects.filter(unit_id__in=unit_ids, occurred_on__year=campaign.year)
        .select_related("unit", "situation__area", "post", "person").order_by("unit__order", "occurred_on", "id")
    )  # fmt: skip


def _organisation(campaign: Any, results: list[Any]) -> list[Sheet]:
    ids = [r.unit_id for r in results]
    findings: dict[int, list[Finding]] = {}
    for f in Finding.objects.filter(campaign=campaign, unit_id__in=ids):
        findings.setdefault(f.unit_id, []).append(f)
    cases: dict[int, list[AccountabilityCase]] = {}
    for c in _cases(campaign, ids):
        cases.setdefault(c.unit_id, []).append(c)
    matters: dict[int, list[str]] = {}
    for rec in Recommendation.objects.filter(campaign=campaign, status=Recommendation.Status.ACCEPTED):
        matters.setdefault(rec.unit_id, []).append(f"{rec.matter}({rec.document_number})")
    rows = []
    for n, r in enumerate(results, start=1):
        own = findings.get(r.unit_id, [])
        done = sum(1 for f in own if f.status in Finding.DONE_STATES)
        held = cases.get(r.unit_id, [])
        persons = sorted({c.person.name for c in held if c.person_id and c.person})
        rows.append([
            n, r.unit.code, r.unit.name, r.category.name if r.category else "", _score(r.total), r.grade,
            r.rank or "", len(own), done, f"{round(100 * done / len(own))}%" if own else "",
            len(held), "、".join(persons), _("是") if r.grade == "诫勉" else _("否"),
            ";".join(matters.get(r.unit_id, [])),
        ])  # fmt: skip
    return [Sheet(_("评估结果"),
                  [_("序号"), _("单位代码"), _("单位名称"), _("类别"), _("总分"), _("等次"), _("类别内排名"),
                   _("发现问题"), _("已整改"), _("整改完成率"), _("问责案件"), _("被问责人员"), _("诫勉"),
                   _("机构编制事项")], rows)]  # fmt: skip


def _discipline(campaign: Any, results: list[Any]) -> list[Sheet]:
    ids = [r.unit_id for r in results]
    violations = (
        Finding.objects.filter(unit_id__in=ids, category=Finding.Category.VIOLATION)
        .filter(campaign=campaign) | Finding.objects.filter(
            unit_id__in=ids, category=Finding.Category.VIOLATION, campaign__isnull=True,
            raised_at__year=campaign.year)
    ).select_related("unit").order_by("unit__order", "raised_at", "id")  # fmt: skip
    return [
        Sheet(_("违规违纪问题"),
              [_("单位代码"), _("单位名称"), _("问题"), _("来源"), _("严重程度"), _("具体情况"), _("状态"),
               _("整改期限"), _("销号时间")],
              [[f.unit.code, f.unit.name, f.title, f.get_source_display(), f.get_severity_display(), f.description,
                f.get_status_display(), _d(f.deadline), _d(f.closed_at)] for f in violations]),
        Sheet(_("问责案件"),
              [_("单位代码"), _("单位名称"), _("案由"), _("领域"), _("问责情形"), _("岗位"), _("人员"), _("问责日期"),
               _("文号"), _("扣分")],
              [[c.unit.code, c.unit.name, c.title, c.situation.area.name, c.situation.name, str(c.post or ""),
                c.person.name if c.person else "", _d(c.occurred_on), c.document_number, _score(c.deduction)]
               for c in _cases(campaign, ids)]),
        Sheet(_("评估结果"), [_("单位代码"), _("单位名称"), _("总分"), _("等次"), _("类别内排名")],
              [[r.unit.code, r.unit.name, _score(r.total), r.grade, r.rank or ""] for r in results]),
    ]  # fmt: skip


def sheets(campaign: Any, layout: str, points: Decimal | None = None) -> list[Sheet]:
    results = published_results(campaign)
    if layout == "performance":
        return _performance(campaign, results, points)
    if layout == "organisation":
        return _organisation(campaign, results)
    return _discipline(campaign, results)


def workbook(parts: list[Sheet]) -> bytes:
    book = spreadsheets.new_workbook(write_only=True)
    for part in parts:
        sheet = book.create_sheet(spreadsheets.sheet_title(part.title))
        spreadsheets.append(sheet, part.headers)
        for row in part.rows:
            spreadsheets.append(sheet, [c if isinstance(c, int) else str(c) for c in row])
    return spreadsheets.to_bytes(book)
