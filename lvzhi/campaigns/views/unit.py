"""One unit in a campaign: self-assessment (scores, evidence, forms, report), desk review, on-site evaluation,
objections. Every page reads through `visible_to`; every change is an action."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from lvzhi.core.downloads import attach, file_name
from lvzhi.core.policy import enforces
from lvzhi.findings.models import Finding

from .. import actions, sampling, selectors, sheets
from ..forms import FindingForm
from ..inputs import EvidenceInput, FindingInput, NextInput, ReviewInput, SelfAssessmentInput, SheetInput
from ..models import ChecklistItem, Evidence, Objection, Stage
from ..policy import CAMPAIGNS
from .base import campaign_context, get_campaign, get_campaign_unit, run


def indicator_rows(cu, include):
    """Rows for the indicator tables: each leaf `include(leaf)` accepts, with its scale, entries per part
    (period, or actual/target) and the unit's evidence."""
    info, category = selectors.unit_info(cu)
    if info is None:
        return []
    entries = {(e.code, e.period): e for e in cu.entries.all()}
    evidence: dict = {}
    for e in cu.evidence.all():
        if e.purpose == Evidence.Purpose.SELF:
            evidence.setdefault(e.code, []).append(e)
    rows = []
    for leaf in info.leaves:
        if not include(leaf) or not leaf.applies_to(category):
            continue
        rows.append(
            {
                "leaf": leaf,
                "scale": leaf.scale(category) if leaf.is_score else None,
                "periods": [
                    {"period": p, "label": selectors.part_label(p), "entry": entries.get((leaf.code, p))}
                    for p in leaf.parts
                ],
                "evidence": evidence.get(leaf.code, []),
                "note": next(
                    (entries[(leaf.code, p)].self_note for p in leaf.parts if (leaf.code, p) in entries), ""
                ),
            }
        )
    return rows


def self_rows(cu):
    return indicator_rows(cu, lambda leaf: leaf.self_assessed)


def desk_rows(cu):
    """The indicators the desk review scores: self-assessment and desk-review ones, and the on-site ones of a unit
    not visited when the set-up takes them from the desk review."""
    sources = {"self_assessment", "desk_review"}
    if sampling.desk_scores_on_site(cu.campaign, sampling.is_visited(cu)):
        sources.add("on_site")
    return indicator_rows(cu, lambda leaf: leaf.source in sources)


def unit_context(request, campaign, cu, section):
    context = campaign_context(request, campaign, section, cu)
    user = request.user
    context.update(
        {
            "unit_tabs": [
                ("self", _("自查自评"), reverse("campaigns:unit_self", args=[campaign.pk, cu.unit_id])),
                (
                    "sheets",
                    _("提报表"),
                    reverse("campaigns:unit_sheet", args=[campaign.pk, cu.unit_id, "performance_report"]),
                ),
                ("review", _("案头审核"), reverse("campaigns:unit_review", args=[campaign.pk, cu.unit_id])),
                ("visit", _("实地评估"), reverse("campaigns:unit_visit", args=[campaign.pk, cu.unit_id])),
                ("result", _("评估结果"), reverse("campaigns:unit_result", args=[campaign.pk, cu.unit_id])),
                (
                    "objections",
                    _("异议与复核"),
                    reverse("campaigns:unit_objections", args=[campaign.pk, cu.unit_id]),
                ),
            ],
            "is_contact": CAMPAIGNS.allowed(user, "self_assess"),
        }
    )
    if not selectors.sees_review(user, campaign):
        hidden = {"review", "visit", "result", "objections"}
        context["unit_tabs"] = [t for t in context["unit_tabs"] if t[0] not in hidden]
    return context


@login_required
@require_safe
def unit_home(request, pk, unit_id):
    campaign = get_campaign(request, pk)
    cu = get_campaign_unit(request, campaign, unit_id)
    name = "unit_self" if CAMPAIGNS.allowed(request.user, "self_assess") else "unit_review"
    return redirect(f"campaigns:{name}", pk=campaign.pk, unit_id=cu.unit_id)


# -- self-assessment -----------------------------------------------------------------------------------------------


@login_required
@enforces(CAMPAIGNS, "self_assess")
def unit_self(request, pk, unit_id):
    campaign = get_campaign(request, pk)
    cu = get_campaign_unit(request, campaign, unit_id)
    back = reverse("campaigns:unit_self", args=[campaign.pk, cu.unit_id])
    on_behalf = not CAMPAIGNS.allowed(request.user, "self_assess") and CAMPAIGNS.allowed(
        request.user, "self_on_behalf", cu
    )
    if request.method == "POST":
        posted = SelfAssessmentInput(request.POST)
        scores, _reasons = posted.scores("score__")
        _result, response = run(
            request,
            actions.save_self_assessment,
            cu,
            scores=scores,
            notes=posted.named("note__"),
            report=posted.parsed()["report"],
            back=back,
        )
        if response:
            return response
        if posted.parsed()["action"] == "submit":
            cu.refresh_from_db()
            cu.campaign = campaign
            _result, response = run(
                request, actions.submit_self_assessment, cu, success=_("自评已提交。"), back=back
            )
            if response:
                return response
        else:
            messages.success(request, _("已保存。"))
        return redirect(back)
    context = unit_context(request, campaign, cu, "self")
    editable = (on_behalf or CAMPAIGNS.allowed(request.user, "self_assess", cu)) and cu.self_status not in {
        "submitted",
        "reviewed",
    }
    if campaign.stage == Stage.DESK_REVIEW and cu.self_status != "returned":
        editable = False
    context.update(
        {
            "rows": self_rows(cu),
            "editable": editable,
            "on_behalf": on_behalf and editable,
            "evidence_editable": editable and not on_behalf,
            "problems": selectors.self_assessment_problems(cu) if editable else [],
            "report_files": [e for e in cu.evidence.all() if e.purpose == Evidence.Purpose.REPORT],
        }
    )
    return render(request, "campaigns/unit_self.html", context)


@login_required
@require_POST
@enforces(CAMPAIGNS, "self_on_behalf")
def unit_self_on_behalf(request, pk, unit_id):
    """代录: the office enters the unit's self-assessment from its paper form (the 自查自评 page's form posts here
    when the office fills it in)."""
    campaign = get_campaign(request, pk)
    cu = get_campaign_unit(request, campaign, unit_id)
    back = reverse("campaigns:unit_self", args=[campaign.pk, cu.unit_id])
    posted = SelfAssessmentInput(request.POST)
    scores, _reasons = posted.scores("score__")
    submit = posted.parsed()["action"] == "submit"
    _result, response = run(
        request,
        actions.enter_self_on_behalf,
        cu,
        document=posted.parsed()["document"],
        scores=scores,
        notes=posted.named("note__"),
        report=posted.parsed()["report"],
        submit=submit,
        success=_("已代%(unit)s录入自评并提交。") % {"unit": cu.unit}
        if submit
        else _("已代%(unit)s录入自评。") % {"unit": cu.unit},
        back=back,
    )
    return response or redirect(back)


@login_required
@require_POST
@enforces(CAMPAIGNS, "self_assess")
def evidence_add(request, pk, unit_id):
    campaign = get_campaign(request, pk)
    cu = get_campaign_unit(request, campaign, unit_id)
    form = EvidenceInput(request.POST, request.FILES)
    posted = form.parsed()
    back = form.back(reverse("campaigns:unit_self", args=[campaign.pk, cu.unit_id]))
    item = None
    if posted["item"] is not None:
        item = (
            ChecklistItem.objects.visible_to(request.user)
            .filter(pk=posted["item"], visit__campaign_unit=cu)
            .first()
        )
        if item is None:
            raise Http404
    objection = None
    if posted["objection"] is not None:
        objection = (
            Objection.objects.visible_to(request.user)
            .filter(pk=posted["objection"], campaign_unit=cu)
            .first()
        )
        if objection is None:
            raise Http404
    _result, response = run(
        request,
        actions.add_evidence,
        cu,
        purpose=posted["purpose"],
        code=posted["code"],
        upload=posted["file"],
        url=posted["url"],
        text=posted["text"],
        title=posted["title"],
        checklist_item=item,
        objection=objection,
        success=_("材料已添加。"),
        back=back,
    )
    return response or redirect(back)


@login_required
@require_POST
@enforces(CAMPAIGNS, "self_assess")
def evidence_remove(request, pk, unit_id, evidence_id):
    campaign = get_campaign(request, pk)
    cu = get_campaign_unit(request, campaign, unit_id)
    evidence = Evidence.objects.visible_to(request.user).filter(pk=evidence_id, campaign_unit=cu).first()
    if evidence is None:
        raise Http404
    evidence.campaign_unit = cu
    back = NextInput(request.POST).back(reverse("campaigns:unit_self", args=[campaign.pk, cu.unit_id]))
    _result, response = run(request, actions.remove_evidence, evidence, success=_("材料已删除。"), back=back)
    return response or redirect(back)


@login_required
@enforces(CAMPAIGNS, "self_assess")
def unit_sheet(request, pk, unit_id, form):
    campaign = get_campaign(request, pk)
    cu = get_campaign_unit(request, campaign, unit_id)
    if form not in sheets.SHEETS:
        raise Http404
    spec = sheets.SHEETS[form]
    stored = cu.sheets.filter(form=form).first()
    data = stored.data if stored else sheets.prefill(form, cu.unit)
    back = reverse("campaigns:unit_sheet", args=[campaign.pk, cu.unit_id, form])
    if request.GET.get("format") == "xlsx":
        content = sheets.to_excel(form, cu.unit.name, campaign.name, data)
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        return attach(response, file_name(cu.unit.name, spec.title, suffix="xlsx"))
    if request.method == "POST":
        sheet_input = SheetInput(request.POST, request.FILES, spec=spec)
        excel = sheet_input.parsed()["excel"]
        if excel:
            try:
                posted = sheets.from_excel(form, excel.read())
            except actions.Invalid as exc:
                messages.error(request, str(exc))
                return redirect(back)
        else:
            posted = sheet_input.sheet_data()
        _result, response = run(
            request,
            actions.save_sheet,
            cu,
            form=form,
            data=posted,
            success=_("《%(title)s》已保存。") % {"title": spec.title},
            back=back,
        )
        return response or redirect(back)
    context = unit_context(request, campaign, cu, "sheets")
    editable = CAMPAIGNS.allowed(request.user, "self_assess", cu) and cu.self_status not in {
        "submitted",
        "reviewed",
    }
    if campaign.stage == Stage.DESK_REVIEW and cu.self_status != "returned":
        editable = False
    sections = []
    if spec.table is None:
        for f in spec.fields:
            if not sections or sections[-1]["title"] != f.section:
                sections.append({"title": f.section, "fields": []})
            sections[-1]["fields"].append({"spec": f, "value": data.get(f.key)})
    context.update(
        {
            "spec": spec,
            "data": data,
            "sections": sections,
            "table_rows": [
                {
                    "name": r,
                    "values": [((data.get("rows") or {}).get(r) or {}).get(k) for k, _ in spec.table.columns],
                }
                for r in spec.table.rows
            ]
            if spec.table
            else [],
            "totals": sheets.totals(data) if spec.table else {},
            "editable": editable,
            "saved": stored,
            "all_sheets": list(sheets.SHEETS.values()),
        }
    )
    return render(request, "campaigns/unit_sheet.html", context)


# -- desk review ---------------------------------------------------------------------------------------------------


@login_required
@enforces(CAMPAIGNS, "desk_review")
def unit_review(request, pk, unit_id):
    campaign = get_campaign(request, pk)
    cu = get_campaign_unit(request, campaign, unit_id)
    if not selectors.sees_review(request.user, campaign):
        raise Http404
    back = reverse("campaigns:unit_review", args=[campaign.pk, cu.unit_id])
    if request.method == "POST":
        posted = ReviewInput(request.POST)
        values = posted.parsed()
        action = values["action"] or "save"
        if action == "na":
            _result, response = run(
                request,
                actions.set_not_applicable,
                cu,
                code=values["code"],
                not_applicable=values["not_applicable"],
                reason=values["na_reason"],
                success=_("不适用指标已更新。"),
                back=back,
            )
            return response or redirect(back)
        if action == "not_evaluated":
            _result, response = run(
                request,
                actions.set_not_evaluated,
                cu,
                not_evaluated=values["not_evaluated"],
                reason=values["not_evaluated_reason"],
                success=_("已标记为不参评,请重新计算结果。")
                if values["not_evaluated"]
                else _("已恢复参评,请重新计算结果。"),
                back=back,
            )
            return response or redirect(back)
        if action == "return":
            _result, response = run(
                request,
                actions.return_self_assessment,
                cu,
                reason=values["return_reason"],
                success=_("已退回修改,并通知单位联络员。"),
                back=back,
            )
            return response or redirect(back)
        scores, reasons = posted.scores("reviewed__", "reason__")
        _result, response = run(request, actions.review_scores, cu, scores=scores, reasons=reasons, back=back)
        if response:
            return response
        if action == "complete":
            cu.refresh_from_db()
            cu.campaign = campaign
            _result, response = run(
                request, actions.complete_review, cu, success=_("案头审核已完成。"), back=back
            )
            if response:
                return response
        else:
            messages.success(request, _("审核分已保存。"))
        return redirect(back)
    info, _category = selectors.unit_info(cu)
    context = unit_context(request, campaign, cu, "review")
    context.update(
        {
            "rows": desk_rows(cu),
            "editable": CAMPAIGNS.allowed(request.user, "desk_review", cu)
            and (cu.self_status in {"submitted", "reviewed"} or sampling.late_is_office_review(campaign, cu)),
            "sampling_notes": [
                t["text"]
                for t in sampling.treatments(campaign, cu, info, _category, sampling.is_visited(cu))
                if t["kind"] == "late" or t["treatment"] == "desk_review"
            ]
            if info
            else [],
            "may_return": CAMPAIGNS.allowed(request.user, "return_self", cu)
            and cu.self_status in {"submitted", "reviewed"},
            "may_find": CAMPAIGNS.allowed(request.user, "raise_finding", cu),
            "may_mark_na": CAMPAIGNS.allowed(request.user, "mark_na", cu),
            "may_mark_not_evaluated": CAMPAIGNS.allowed(request.user, "mark_not_evaluated", cu),
            "findings": Finding.objects.visible_to(request.user).filter(
                campaign=campaign, unit_id=cu.unit_id
            ),
            "finding_form": FindingForm(leaves=info.leaves if info else ()),
            "report_files": [e for e in cu.evidence.all() if e.purpose == Evidence.Purpose.REPORT],
            "sheets_saved": {s.form for s in cu.sheets.all()},
            "all_sheets": list(sheets.SHEETS.values()),
        }
    )
    return render(request, "campaigns/unit_review.html", context)


@login_required
@require_POST
@enforces(CAMPAIGNS, "raise_finding")
def finding_add(request, pk, unit_id):
    campaign = get_campaign(request, pk)
    cu = get_campaign_unit(request, campaign, unit_id)
    info, _category = selectors.unit_info(cu)
    form = FindingInput(request.POST, leaves=info.leaves if info else ())
    valid = form.is_valid()
    back = form.back(reverse("campaigns:unit_review", args=[campaign.pk, cu.unit_id]))
    if not valid:
        messages.error(request, _("请填写问题、问题类别和严重程度。"))
        return redirect(back)
    data = form.cleaned_data
    source = (
        "on_site"
        if campaign.stage == Stage.ON_SITE
        else "multi_party"
        if campaign.stage == Stage.MULTI_PARTY
        else "desk_review"
    )
    _result, response = run(
        request,
        actions.raise_finding,
        campaign,
        unit=cu.unit,
        source=source,
        category=data["category"],
        severity=data["severity"],
        indicator_code=data["indicator_code"],
        title=data["title"],
        description=data["description"],
        deadline=data["deadline"],
        success=_("问题已记录,将转入问题台账。"),
        back=back,
    )
    return response or redirect(back)
