"""Multi-party inputs: leader ratings (each leader rates the units of their portfolio) and imported data."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.downloads import attach, file_name
from lvzhi.core.errors import Invalid, Refused
from lvzhi.core.policy import enforces
from lvzhi.registry.models import Unit

from .. import actions, imports
from ..formats import format_score, leader_rating_scale
from ..forms import ImportForm, RatingOnBehalfForm
from ..inputs import LeaderRatingsInput
from ..models import Assignment, ImportBatch, ImportedValue, LeaderRating
from ..policy import CAMPAIGNS
from ..schemeinfo import IMPORT_KINDS
from ..selectors import missing_leader_ratings, period_label, scheme_info_for
from .base import campaign_context, get_campaign, require, run


@login_required
@enforces(CAMPAIGNS, "view_ratings")
def ratings(request, pk):
    campaign = get_campaign(request, pk)
    user = request.user
    periods = campaign.leader_rating_periods or ["year"]
    back = reverse("campaigns:ratings", args=[campaign.pk])
    if CAMPAIGNS.allowed(user, "rate_portfolio"):
        portfolio = list(
            Unit.objects.filter(
                pk__in=Assignment.objects.filter(campaign=campaign, user=user, kind="leader").values(
                    "unit_id"
                )
            ).order_by("category__order", "order", "code")
        )
        scale = leader_rating_scale(scheme_info_for(campaign))
        given = {
            (r.unit_id, r.period): (
                (r.rating, "", r.comment) if r.rating in scale else ("", r.rating, r.comment)
            )
            for r in LeaderRating.objects.filter(campaign=campaign, leader=user)
        }
        if request.method == "POST":
            posted = LeaderRatingsInput(request.POST)
            entries = [
                (unit, period, *posted.rating(unit.pk, period)) for unit in portfolio for period in periods
            ]
            try:
                saved = actions.rate_portfolio(campaign, actor=user, entries=entries)
            except Refused as exc:
                raise PermissionDenied(str(exc)) from exc
            except Invalid as exc:
                # Nothing was stored: the page comes back with what was entered and the message.
                messages.error(request, str(exc))
                given = {
                    (unit.pk, period): (label, score, comment)
                    for unit, period, label, score, comment in entries
                }
            else:
                messages.success(request, _("已保存%(count)s项评价。") % {"count": saved})
                return redirect(back)
        rows = [
            {
                "unit": unit,
                "cells": [
                    dict(
                        zip(
                            ("label_value", "score_value", "comment"),
                            given.get((unit.pk, p), ("", "", "")),
                            strict=True,
                        ),
                        period=p,
                        label=period_label(p),
                    )
                    for p in periods
                ],
            }
            for unit in portfolio
        ]
        context = campaign_context(request, campaign, "ratings")
        context.update(
            {
                "rows": rows,
                "periods": [(p, period_label(p)) for p in periods],
                "choices": list(scale),
                "top": format_score(max(scale.values())),
                "editable": CAMPAIGNS.allowed(user, "leader_rate", campaign),
            }
        )
        return render(request, "campaigns/ratings_leader.html", context)
    require(request, "view_all_ratings", campaign)
    visible = LeaderRating.objects.visible_to(user).filter(campaign=campaign).select_related(
        "unit", "leader", "entered_by"
    )
    missing = missing_leader_ratings(campaign)
    context = campaign_context(request, campaign, "ratings")
    context.update({"ratings": visible, "missing": missing})
    if CAMPAIGNS.allowed(user, "rate_on_behalf", campaign):
        context["on_behalf_form"] = on_behalf_form(campaign)
    return render(request, "campaigns/ratings_overview.html", context)


def on_behalf_form(campaign, data=None):
    periods = campaign.leader_rating_periods or ["year"]
    return RatingOnBehalfForm(
        data,
        campaign=campaign,
        periods=[(p, period_label(p)) for p in periods],
        ratings=list(leader_rating_scale(scheme_info_for(campaign))),
    )


@login_required
@require_POST
@enforces(CAMPAIGNS, "rate_on_behalf")
def rating_on_behalf(request, pk):
    """代录: the office enters a leader's rating from a paper form, naming the document."""
    campaign = get_campaign(request, pk)
    back = reverse("campaigns:ratings", args=[campaign.pk])
    require(request, "rate_on_behalf", campaign)
    form = on_behalf_form(campaign, request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(back)
    data = form.cleaned_data
    _result, response = run(
        request,
        actions.rate_on_behalf,
        campaign,
        leader=data["leader"],
        unit=data["unit"],
        rating=data["given"],
        period=data["period"],
        comment=data["comment"],
        document=data["document"],
        back=back,
        success=_("已代%(leader)s录入对「%(unit)s」的评价(依据:%(document)s)。")
        % {"leader": data["leader"], "unit": data["unit"], "document": data["document"]},
    )
    return response or redirect(back)


@login_required
@enforces(CAMPAIGNS, "view_imports")
def imports_page(request, pk):
    campaign = get_campaign(request, pk)
    user = request.user
    require(request, "view_imports", campaign)
    back = reverse("campaigns:imports", args=[campaign.pk])
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not form.is_valid():
            messages.error(request, _("请选择数据类型和文件。"))
            return redirect(back)
        upload = form.cleaned_data["file"]
        try:
            batch = imports.import_file(
                campaign,
                actor=user,
                kind=form.cleaned_data["kind"],
                content=upload.read(),
                filename=upload.name,
                note=form.cleaned_data["note"],
            )
        except Refused as exc:
            raise PermissionDenied(str(exc)) from exc
        except imports.ImportRejected as exc:
            context = campaign_context(request, campaign, "imports")
            context.update(_imports_context(request, campaign, form))
            context["import_errors"] = exc.errors
            return render(request, "campaigns/imports.html", context, status=400)
        except Invalid as exc:
            messages.error(request, str(exc))
            return redirect(back)
        messages.success(
            request, _("已导入「%(file)s」共%(rows)s项数据。") % {"file": batch.file_name, "rows": batch.rows}
        )
        return redirect(back)
    if request.GET.get("template") in IMPORT_KINDS:
        kind = request.GET["template"]
        content = imports.template(campaign, kind)
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        return attach(response, file_name(campaign.name, IMPORT_KINDS[kind][0], _("导入模板"), suffix="xlsx"))
    context = campaign_context(request, campaign, "imports")
    context.update(_imports_context(request, campaign, form))
    return render(request, "campaigns/imports.html", context)


def _imports_context(request, campaign, form):
    info = scheme_info_for(campaign)
    kinds = [
        {"kind": k, "label": v[0], "keys": info.importable(k) if info else {}}
        for k, v in IMPORT_KINDS.items()
    ]
    return {
        "form": form,
        "kinds": kinds,
        "batches": ImportBatch.objects.filter(campaign=campaign).select_related("uploaded_by")[:50],
        "values": ImportedValue.objects.visible_to(request.user)
        .filter(campaign=campaign)
        .select_related("unit")[:500],
        "may_import": CAMPAIGNS.allowed(request.user, "import_data", campaign),
        "kind_labels": {k: v[0] for k, v in IMPORT_KINDS.items()},
    }
