"""Results (totals, grades, ranks within category), one unit's explained result, triangulation flags, the
committee's approval, publication and the ranked bulletin, and the Excel/JSON exports."""

import json
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from openpyxl.styles import Font

from lvzhi.core import spreadsheets
from lvzhi.core.downloads import attach, file_name
from lvzhi.core.policy import enforces
from lvzhi.scoring import wording
from lvzhi.scoring.vocab import RULE_LOOKUP, RULE_TYPES

from .. import actions, completeness, details, scoring, selectors
from .. import bulletin as bulletin_docx
from ..forms import DecisionForm
from ..inputs import DecisionInput, ResolveFlagInput, posted_action
from ..models import TriangulationFlag, UnitResult
from ..policy import CAMPAIGNS
from ..selectors import grouped
from .base import campaign_context, get_campaign, get_campaign_unit, require, run
from .unit import unit_context


@login_required
@enforces(CAMPAIGNS, "compute")
def results(request, pk):
    campaign = get_campaign(request, pk)
    back = reverse("campaigns:results", args=[campaign.pk])
    if request.method == "POST":
        action = posted_action(request)
        if action == "compute":
            count, response = run(request, scoring.compute, campaign, back=back)
            if response:
                return response
            messages.success(request, _("已按最新数据计算%(count)s个单位的结果。") % {"count": count})
        elif action == "verify":
            require(request, "verify_results", campaign)
            differing = scoring.verify(campaign)
            if differing:
                messages.error(
                    request, _("复算结果与已存结果不一致的单位:%(units)s。") % {"units": "、".join(differing)}
                )
            else:
                messages.success(request, _("复算核对完成:全部单位的结果与已存结果逐字节一致。"))
        return redirect(back)
    rows = selectors.visible_results(request.user, campaign).select_related("unit", "category").only(
        "unit__code", "unit__name", "unit__id", "category__name", "category__order", "category__code",
        "total", "grade", "rank", "computed_at", "campaign_id", "unit_id", "category_id",
    )  # fmt: skip
    if request.GET.get("format") == "xlsx":
        return _results_excel(campaign, rows)
    context = campaign_context(request, campaign, "results")
    rows = list(rows)
    context.update(
        {
            "groups": grouped(rows),
            "show_grade": scoring.has_grades(campaign),
            "computed_at": max((r.computed_at for r in rows), default=None),
            "open_flags": TriangulationFlag.objects.visible_to(request.user)
            .filter(campaign=campaign, status="open")
            .count()
            if CAMPAIGNS.allowed(request.user, "view_flags", campaign)
            else 0,
        }
    )
    return render(request, "campaigns/results.html", context)


def _results_excel(campaign, rows):
    wb = spreadsheets.new_workbook(title=_("评估结果"))
    ws = wb.active
    spreadsheets.append(ws, [_("%(name)s 评估结果") % {"name": campaign.name}], font=Font(size=14, bold=True))
    show_grade = scoring.has_grades(campaign)
    spreadsheets.append(
        ws,
        [_("类别"), _("类别内排名"), _("单位代码"), _("单位名称"), _("总分")] + ([_("等次")] if show_grade else []),
    )
    for group in grouped(rows):
        for r in group["rows"]:
            spreadsheets.append(
                ws,
                [
                    group["category"].name if group["category"] else "",
                    r.rank,
                    r.unit.code,
                    r.unit.name,
                    float(r.total) if r.total is not None else None,
                ]
                + ([r.grade] if show_grade else []),
            )
            ws.cell(row=ws.max_row, column=5).number_format = "0.00"
        for a in group["apart"]:
            r = a["result"]
            spreadsheets.append(
                ws,
                [
                    group["category"].name if group["category"] else "",
                    _("不参评:%(reason)s") % {"reason": a["reason"]},
                    r.unit.code,
                    r.unit.name,
                    None,
                ],
            )
    response = HttpResponse(spreadsheets.to_bytes(wb), content_type=spreadsheets.XLSX_CONTENT_TYPE)
    return attach(response, file_name(campaign.name, _("评估结果"), suffix="xlsx"))


@login_required
@require_safe
@enforces(CAMPAIGNS, "view_results")
def results_details(request, pk):
    """评估结果明细 (Excel): every unit's points per indicator, level-1 subtotals, total, grade, rank, by category."""
    campaign = get_campaign(request, pk)
    require(request, "view_results", campaign)
    rows = list(
        selectors.visible_results(request.user, campaign).select_related("unit", "category", "scheme_version")
    )
    response = HttpResponse(
        details.workbook(campaign, request.user, rows),
        content_type=spreadsheets.XLSX_CONTENT_TYPE,
    )
    filename = _("%(name)s评估结果明细.xlsx") % {"name": campaign.name}
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@login_required
@require_safe
@enforces(CAMPAIGNS, "export_inputs")
def export_inputs(request, pk):
    campaign = get_campaign(request, pk)
    require(request, "export_inputs", campaign)
    data = scoring.export_inputs(campaign)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1),
        content_type="application/json; charset=utf-8",
    )
    return attach(response, file_name(campaign.name, _("原始数据"), suffix="json"))


def flatten(nodes, depth=0):
    """The explained tree as rows (depth-first) for a table."""
    for node in nodes:
        yield depth, node
        yield from flatten(node.get("children") or [], depth + 1)


@login_required
@require_safe
@enforces(CAMPAIGNS, "view_results")
def unit_result(request, pk, unit_id):
    campaign = get_campaign(request, pk)
    cu = get_campaign_unit(request, campaign, unit_id)
    if not CAMPAIGNS.allowed(request.user, "view_results", campaign):
        raise Http404
    result = (
        UnitResult.objects.filter(campaign=campaign, unit_id=cu.unit_id)
        .select_related("scheme_version")
        .first()
    )
    context = unit_context(request, campaign, cu, "result")
    rows = []
    provenance = {}
    tree = {}
    if result is not None:
        result.unit = cu.unit
        tree, inputs = scoring.explanation_for(request.user, result)
        provenance = selectors.provenance(cu, request.user)
        ratings = provenance.pop("__ratings__", [])
        info, _category = selectors.unit_info(cu)
        treated: dict = {}
        for t in result.treatments or []:
            for code in t.get("codes") or []:
                treated.setdefault(code, []).append(t["text"])
        for depth, node in flatten(tree.get("indicators") or []):
            leaf = info.by_code.get(node["code"]) if info else None
            sources = provenance.get(node["code"], [])
            if leaf is not None and leaf.source == "leader_rating":
                sources = ratings
            rule_type = str((node.get("rule") or {}).get("type") or "entered")
            rule_type = RULE_LOOKUP.get(rule_type, rule_type)
            rows.append(
                {
                    "depth": depth,
                    "node": node,
                    "leaf": leaf,
                    "sources": sources,
                    "indent": depth * 1.25,
                    "treatments": treated.get(node["code"], []),
                    "rule_label": RULE_TYPES.get(rule_type, rule_type),
                    "input_text": wording.value_text(node.get("input"), wording.group_labels(node.get("rule"))),
                    "rule_text": wording.rule_text(node.get("rule")),
                }
            )
        names = {row["node"]["code"]: row["node"]["name"] for row in rows}
        for row in rows:
            row["missing_text"] = [wording.missing_text(m, names) for m in row["node"].get("missing") or []]
        tree = {**tree, "missing_text": [wording.missing_text(m, names) for m in tree.get("missing") or []]}
        input_rows = [
            {"name": name, "value": wording.value_text(value), "sources": provenance.get(name, [])}
            for name, value in sorted((inputs.get("values") or {}).items())
            if info is not None and name in info.input_names
        ]
    else:
        input_rows = []
    context.update(
        {
            "result": result,
            "show_grade": scoring.has_grades(campaign),
            "tree": tree,
            "rows": rows,
            "input_rows": input_rows,
            "may_object": CAMPAIGNS.allowed(request.user, "object", cu),
            "deadline": selectors.objection_deadline(campaign),
        }
    )
    return render(request, "campaigns/unit_result.html", context)


@login_required
@enforces(CAMPAIGNS, "resolve_flag")
def triangulation(request, pk):
    campaign = get_campaign(request, pk)
    require(request, "view_flags", campaign)
    back = reverse("campaigns:triangulation", args=[campaign.pk])
    flags = (
        TriangulationFlag.objects.visible_to(request.user)
        .filter(campaign=campaign)
        .select_related("unit", "resolved_by")
    )
    if request.method == "POST":
        posted = ResolveFlagInput(request.POST).parsed()
        flag = flags.filter(pk=posted["flag"]).first()
        if flag is None:
            raise Http404
        _result, response = run(
            request,
            actions.resolve_flag,
            flag,
            note=posted["note"],
            success=_("已核实。"),
            back=back,
        )
        return response or redirect(back)
    context = campaign_context(request, campaign, "triangulation")
    context.update(
        {
            "flags": flags.order_by("status", "-spread", "unit__code"),
            "may_resolve": CAMPAIGNS.allowed(request.user, "resolve_flag", campaign),
        }
    )
    return render(request, "campaigns/triangulation.html", context)


@login_required
@enforces(CAMPAIGNS, "decide")
def approval(request, pk):
    campaign = get_campaign(request, pk)
    require(request, "view_approval", campaign)
    back = reverse("campaigns:approval", args=[campaign.pk])
    form = DecisionForm()
    if request.method == "POST":
        form = DecisionInput(request.POST)
        valid = form.is_valid()
        if form.cleaned_data.get("action") == "publish":
            _result, response = run(
                request, actions.publish, campaign, success=_("评估结果已公布。"), back=back
            )
            return response or redirect("campaigns:bulletin", pk=campaign.pk)
        if not valid:
            messages.error(request, _("请填写会议、审定日期、审定结论和决定内容。"))
            return redirect(back)
        _result, response = run(
            request,
            actions.record_decision,
            campaign,
            success=_("审定记录已保存。"),
            back=back,
            **form.decision(),
        )
        return response or redirect(back)
    rows = list(UnitResult.objects.filter(campaign=campaign).select_related("unit", "category"))
    context = campaign_context(request, campaign, "approval")
    context.update(
        {
            "form": form,
            "decisions": campaign.decisions.select_related("recorded_by"),
            "groups": grouped(rows),
            "show_grade": scoring.has_grades(campaign),
            "may_decide": CAMPAIGNS.allowed(request.user, "decide", campaign),
            "may_publish": CAMPAIGNS.allowed(request.user, "publish", campaign),
            "digest": scoring.results_digest(campaign) if rows else "",
            "gaps": completeness.gaps(campaign),
        }
    )
    return render(request, "campaigns/approval.html", context)


@login_required
@require_safe
def bulletin(request, pk):
    campaign = get_campaign(request, pk)
    if not campaign.is_published:
        raise Http404
    if request.GET.get("format") == "docx":
        response = HttpResponse(bulletin_docx.build(campaign), content_type=bulletin_docx.CONTENT_TYPE)
        return attach(response, bulletin_docx.filename(campaign))
    rows = list(UnitResult.objects.filter(campaign=campaign).select_related("unit", "category"))
    decision = campaign.decisions.filter(outcome="approved").first()
    context = campaign_context(request, campaign, "bulletin")
    context.update(
        {
            "groups": grouped(rows),
            "decision": decision,
            "show_grade": scoring.has_grades(campaign),
            "excluded": selectors.excluded_names(campaign),
        }
    )
    return render(request, "campaigns/bulletin.html", context)
