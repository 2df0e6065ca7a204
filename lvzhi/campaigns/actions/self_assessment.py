"""Self-assessment by the unit contact: scores, notes, the report, the forms, submission."""

from django.utils.translation import gettext as _

from lvzhi.audit.recorder import record_event
from lvzhi.core.errors import Invalid, Refused

from ..models import CampaignUnit, FormSheet, IndicatorEntry, Stage
from ..notify import campaign_url, notify
from ..policy import require
from ..selectors import self_assessment_problems
from ..sheets import SHEETS, clean_sheet
from .common import (
    User,
    campaign_action,
    check_part,
    check_value,
    current_time,
    leaf_for,
    parse_score,
    set_if_changed,
)


def require_contact_may_edit(actor, cu):
    campaign = cu.campaign
    require(actor, "self_assess", campaign, cu.unit_id)
    _editable(cu)


@campaign_action
def save_self_assessment(
    cu, *, actor, scores: dict | None = None, notes: dict | None = None, report=None
) -> int:
    """Save self scores `{(code, period): value}` (period "" for leaves without periods), notes `{code: text}`
    and the report text. Blank values clear a score. Returns the number of entries changed."""
    require_contact_may_edit(actor, cu)
    return _store_self(cu, actor, scores, notes, report)


def _editable(cu) -> None:
    campaign = cu.campaign
    if cu.self_status in {CampaignUnit.SelfStatus.SUBMITTED, CampaignUnit.SelfStatus.REVIEWED}:
        raise Refused(_("自评已提交,不能再修改;如需修改,请联系评估人员退回。"))
    if campaign.stage == Stage.DESK_REVIEW and cu.self_status != CampaignUnit.SelfStatus.RETURNED:
        raise Refused(_("自查自评阶段已结束,只有被退回修改的单位可以修改自评。"))


@campaign_action
def enter_self_on_behalf(
    cu, *, actor, document: str, scores: dict | None = None, notes: dict | None = None, report=None,
    submit: bool = False,
) -> int:  # fmt: skip
    """代录: the office enters a unit's self-assessment from the form the unit sent on paper, naming that document,
    and submits it when the form is complete. The scores are the unit's; the audit names who entered them, for
    which unit, from which document."""
    require(actor, "self_on_behalf", cu.campaign, cu.unit_id)
    _editable(cu)
    document = (document or "").strip()
    if not document:
        raise Invalid(_("请填写代录依据的文件(如单位报送的纸质自评表的名称或文号)。"), field="document")
    changed = _store_self(cu, actor, scores, notes, report)
    record_event(
        "campaign.self_on_behalf",
        cu,
        after={"unit": str(cu.unit), "entries": changed, "document": document},
        reason=_("代%(unit)s录入自评,依据:%(document)s") % {"unit": cu.unit, "document": document},
    )
    if submit:
        _submit(cu)
    return changed


def _store_self(cu, actor, scores, notes, report) -> int:
    changed = 0
    now = current_time()
    for (code, period), raw in (scores or {}).items():
        leaf, category = leaf_for(cu, code)
        if not leaf.self_assessed:
            raise Invalid(
                _("指标「%(code)s %(name)s」不由单位自评。") % {"code": leaf.code, "name": leaf.name}
            )
        check_part(leaf, period)
        value = parse_score(
            raw, _("指标「%(code)s %(name)s」的自评分") % {"code": leaf.code, "name": leaf.name}
        )
        if value is not None:
            check_value(leaf, category, value, _("自评分"))
        entry, _created = IndicatorEntry.objects.get_or_create(campaign_unit=cu, code=code, period=period)
        if set_if_changed(entry, self_score=value):
            entry.self_by = actor
            entry.self_at = now
            entry.save()
            changed += 1
    for code, note in (notes or {}).items():
        leaf, _category = leaf_for(cu, code)
        for entry in IndicatorEntry.objects.filter(campaign_unit=cu, code=code):
            if set_if_changed(entry, self_note=(note or "").strip()):
                entry.save()
                changed += 1
        if not IndicatorEntry.objects.filter(campaign_unit=cu, code=code).exists() and (note or "").strip():
            IndicatorEntry.objects.create(
                campaign_unit=cu, code=code, period=leaf.parts[0], self_note=note.strip()
            )
            changed += 1
    if report is not None and cu.report != report:
        cu.report = report
        changed += 1
    if cu.self_status == CampaignUnit.SelfStatus.NOT_STARTED:
        cu.self_status = CampaignUnit.SelfStatus.DRAFT
    cu.save()
    return changed


@campaign_action
def save_sheet(cu, *, actor, form: str, data: dict) -> FormSheet:
    require_contact_may_edit(actor, cu)
    if form not in SHEETS:
        raise Invalid(_("没有这个表单。"))
    clean = clean_sheet(form, data)
    sheet, _created = FormSheet.objects.get_or_create(campaign_unit=cu, form=form)
    sheet.data = clean
    sheet.updated_by = actor
    sheet.updated_at = current_time()
    sheet.save()
    if cu.self_status == CampaignUnit.SelfStatus.NOT_STARTED:
        cu.self_status = CampaignUnit.SelfStatus.DRAFT
        cu.save(update_fields=["self_status"])
    return sheet


@campaign_action
def submit_self_assessment(cu, *, actor) -> CampaignUnit:
    require_contact_may_edit(actor, cu)
    return _submit(cu)


def _submit(cu) -> CampaignUnit:
    problems = self_assessment_problems(cu)
    if problems:
        raise Invalid(_("不能提交:%(problems)s") % {"problems": "".join(problems)})
    before = cu.self_status
    cu.self_status = CampaignUnit.SelfStatus.SUBMITTED
    cu.submitted_at = current_time()
    cu.save()
    record_event("campaign.self_submitted", cu, before={"status": before}, after={"status": cu.self_status})
    evaluators = User.objects.filter(
        pk__in=cu.campaign.assignments.filter(unit_id=cu.unit_id, kind="evaluator").values("user_id")
    )
    notify(
        list(evaluators),
        cu.campaign,
        (
            _("%(unit)s已重新提交自评,请审核。")
            if before == CampaignUnit.SelfStatus.RETURNED
            else _("%(unit)s已提交自评,请审核。")
        )
        % {"unit": cu.unit},
        campaign_url(cu.campaign, "unit_review", unit_id=cu.unit_id),
    )
    return cu
