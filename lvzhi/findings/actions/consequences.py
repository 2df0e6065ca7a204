"""Consequences for 诫勉 (the lowest grade of a bureau's scheme; an individual with an accountability case):
the unit reports in writing (书面报告) and its leader, or the person, is talked to (谈话提醒), each a measure
with a due day, tracked to done. `impose_consequences` creates them from a published campaign; the unit files
its report (`submit_report`), the office marks each done (`complete_measure`). Each step is audited; the unit's
and the office's to-do lists carry what is open."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.audit.recorder import record_event
from lvzhi.core.errors import Invalid

from ..formats import PROBATION
from ..models import AccountabilityCase, Measure
from ..policy import POLICY, FindingRefused
from .common import finding_action, text
from .rectify import record_measure

DEFAULT_DAYS = 30


@finding_action
def impose_consequences(campaign: Any, *, actor: Any, due: datetime.date | None = None) -> list[Measure]:
    """For each unit graded 诫勉 in the published campaign a written report and a talk with its principal; for
    each person with an accountability case in the campaign's year among those units a talk. Those already
    imposed for the campaign are not made again."""
    from lvzhi.campaigns.models import UnitResult

    POLICY.require(actor, "impose_consequences", campaign)
    if campaign.published_at is None:
        raise FindingRefused(_("「%(name)s」的评估结果尚未公布,不能落实诫勉措施。") % {"name": campaign.name})
    due = due or timezone.localdate() + datetime.timedelta(days=DEFAULT_DAYS)
    units = [
        r.unit for r in UnitResult.objects.filter(campaign=campaign, grade=PROBATION).select_related("unit")
    ]
    wanted: list[tuple[Any, str, str, str]] = []
    for unit in units:
        wanted.append((unit, Measure.Kind.WRITTEN_REPORT, "", _("%(c)s评估等次为诫勉,须书面报告整改情况。")
                       % {"c": campaign.name}))  # fmt: skip
        wanted.append((unit, Measure.Kind.TALK, _("主要负责人"), _("%(c)s评估等次为诫勉,对主要负责人谈话提醒。")
                       % {"c": campaign.name}))  # fmt: skip
    cases = AccountabilityCase.objects.filter(unit__in=[u.pk for u in units], occurred_on__year=campaign.year,
                                              person__isnull=False).select_related("person", "unit")  # fmt: skip
    wanted.extend(
        (case.unit, Measure.Kind.TALK, case.person.name if case.person else "",
         _("%(c)s问责案件「%(t)s」,对本人谈话提醒。") % {"c": campaign.name, "t": case.title})
        for case in cases
    )  # fmt: skip
    made = []
    for unit, kind, person, note in wanted:
        if Measure.objects.filter(unit=unit, kind=kind, person=person, note=note).exists():
            continue
        measure = record_measure(actor=actor, unit=unit, kind=kind, person=person, note=note)
        measure.due = due
        measure.save(update_fields=["due"])
        made.append(measure)
    record_event(
        "findings.consequences_imposed", campaign, after={"units": len(units), "measures": len(made)}
    )
    return made


@finding_action
def submit_report(measure: Measure, *, actor: Any, report: str) -> Measure:
    """The unit files its written report (书面报告); the office then marks it done."""
    POLICY.require(actor, "submit_report", measure)
    if measure.kind != Measure.Kind.WRITTEN_REPORT:
        raise Invalid(_("只有“书面报告”措施需要提交报告。"))
    if measure.done_at is not None:
        raise FindingRefused(_("该措施已办结,不能再提交报告。"))
    if not text(report):
        raise Invalid(_("请填写书面报告内容。"), field="report")
    measure.report, measure.reported_at = text(report), timezone.now()
    measure.save(update_fields=["report", "reported_at"])
    record_event("findings.report_submitted", measure, after={"report": measure.report[:200]})
    return measure
