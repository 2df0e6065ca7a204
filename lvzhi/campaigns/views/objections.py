"""One unit's objections to its draft result and the evaluators' answers."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from lvzhi.core.policy import enforces

from .. import actions, selectors
from ..inputs import ObjectionInput
from ..models import Evidence, Objection
from ..policy import CAMPAIGNS
from .base import get_campaign, get_campaign_unit, run
from .unit import unit_context


@login_required
@enforces(CAMPAIGNS, "object")
def unit_objections(request, pk, unit_id):
    campaign = get_campaign(request, pk)
    cu = get_campaign_unit(request, campaign, unit_id)
    if not selectors.sees_review(request.user, campaign):
        raise Http404
    back = reverse("campaigns:unit_objections", args=[campaign.pk, cu.unit_id])
    if request.method == "POST":
        values = ObjectionInput(request.POST, request.FILES).parsed()
        action = values["action"]
        if action == "object":
            objection, response = run(
                request,
                actions.raise_objection,
                cu,
                code=values["code"],
                reason=values["reason"],
                requested_score=values["requested_score"] or None,
                success=_("异议已提交,评估人员将复核答复。"),
                back=back,
            )
            if response:
                return response
            if values["file"]:
                cu.refresh_from_db()
                cu.campaign = campaign
                _result, response = run(
                    request, actions.add_evidence, cu, purpose=Evidence.Purpose.OBJECTION, code=objection.code,
                    upload=values["file"], objection=objection, back=back,
                )  # fmt: skip
                if response:
                    return response
            return redirect(back)
        if action == "answer":
            objection = (
                Objection.objects.visible_to(request.user)
                .filter(pk=values["objection"], campaign_unit=cu)
                .first()
            )
            if objection is None:
                raise Http404
            objection.campaign_unit = cu
            _result, response = run(
                request,
                actions.answer_objection,
                objection,
                upheld=values["upheld"],
                answer=values["answer"],
                new_score=values["new_score"] or None,
                success=_("复核意见已保存,并通知单位。"),
                back=back,
            )
            return response or redirect(back)
        raise Http404
    info, category = selectors.unit_info(cu)
    context = unit_context(request, campaign, cu, "objections")
    effective = {}
    for e in cu.entries.all():
        if not e.period:
            effective[e.code] = e.effective_score
    context.update(
        {
            "objections": cu.objections.select_related("submitted_by", "answered_by").prefetch_related(
                "evidence"
            ),
            "leaves": [lf for lf in info.leaves if lf.applies_to(category)] if info else [],
            "effective": effective,
            "may_object": CAMPAIGNS.allowed(request.user, "object", cu),
            "may_answer": CAMPAIGNS.allowed(request.user, "answer_objection", cu),
            "deadline": selectors.objection_deadline(campaign),
        }
    )
    return render(request, "campaigns/unit_objections.html", context)
