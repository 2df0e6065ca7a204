"""What the campaign API modules share: the router, running an action (a refusal is a 403, bad input a 422),
the lookups through `visible_to` (a hidden object is a 404) and the serialisers of campaigns, units and results."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Router

from lvzhi.api.errors import ERROR_RESPONSES, ApiError
from lvzhi.core.policy import get_for
from lvzhi.plans.models import EvaluationPlan
from lvzhi.schemes.models import SchemeVersion

from .. import imports, selectors
from ..models import Campaign, CampaignUnit
from ..stages import STAGE_INFO, Invalid, Refused

router = Router(tags=[gettext_lazy("评估活动")])


User = get_user_model()


R = ERROR_RESPONSES


def call(fn, *args, **kwargs):
    """Run an action; a refusal is a 403 and bad input a 422, each with the action's Chinese message."""
    try:
        return fn(*args, **kwargs)
    except imports.ImportRejected as exc:
        raise ApiError(422, str(exc), [{"field": "file", "message": e} for e in exc.errors]) from exc
    except Refused as exc:
        raise ApiError(403, str(exc)) from exc
    except Invalid as exc:
        raise ApiError(422, str(exc), exc.as_dicts()) from exc


def campaign_for(request, campaign_id) -> Campaign:
    """The campaign as the caller may see it (lvzhi.core.policy.get_for, the lookup the pages use too)."""
    return get_for(request.auth, Campaign.objects.all(), pk=campaign_id)


def campaign_unit_for(request, campaign, unit_id) -> CampaignUnit:
    cu = get_for(
        request.auth,
        CampaignUnit.objects.select_related("unit", "category"),
        campaign=campaign,
        unit_id=unit_id,
    )
    cu.campaign = campaign
    return cu


def decimal_text(value):
    return None if value is None else str(value)


def plan_by_id(user, pk):
    """The evaluation plan `pk` names, as `user` may see it; a 422 naming `plan_id` otherwise."""
    if pk is None:
        return None
    plan = EvaluationPlan.objects.visible_to(user).filter(pk=pk).first()
    if plan is None:
        raise ApiError(
            422, _("未找到该评估规划。"), [{"field": "plan_id", "message": _("未找到该评估规划。")}]
        )
    return plan


def scheme_version_by_id(pk):
    if pk is None:
        return None
    version = SchemeVersion.objects.filter(pk=pk).first()
    if version is None:
        raise ApiError(
            422,
            _("未找到该指标体系版本。"),
            [{"field": "scheme_version_id", "message": _("未找到该指标体系版本。")}],
        )
    return version


def objects_by_ids(model, ids, field, label):
    objs = list(model.objects.filter(pk__in=ids))
    if len(objs) != len(set(ids)):
        raise ApiError(
            422,
            _("%(label)s编号有误。") % {"label": label},
            [{"field": field, "message": _("未找到部分%(label)s。") % {"label": label}}],
        )
    return objs


def campaign_out(c, unit_count=None) -> dict:
    return {
        "id": c.pk,
        "name": c.name,
        "year": c.year,
        "period": c.period,
        "stage": c.stage,
        "stage_label": c.stage_label(),
        "published_at": c.published_at,
        "scheme_version_id": c.scheme_version_id,
        "plan_id": c.plan_id,
        "unit_count": unit_count if unit_count is not None else c.units.count(),
        "results_stale": c.results_stale,
    }


def campaign_detail(request, c) -> dict:
    data = campaign_out(c)
    data.update(
        {
            "stages": [
                {
                    "stage": s.stage,
                    "label": s.get_stage_display(),
                    "status": s.status,
                    "due_date": s.due_date,
                    "closed_at": s.closed_at,
                    "actors": str(STAGE_INFO[s.stage].actors),
                    "closes_when": str(STAGE_INFO[s.stage].closes_when),
                    "locks": str(STAGE_INFO[s.stage].locks),
                }
                for s in c.stages.all()
            ],
            "blockers": selectors.blockers_for(request.auth, c),
            "subordinate_share": c.subordinate_share,
            "triangulation_margin": c.triangulation_margin,
            "unvisited_treatment": c.unvisited_treatment,
            "unvisited_default_percent": c.unvisited_default_percent,
            "late_treatment": c.late_treatment,
            "category_ids": list(c.scope_categories.values_list("pk", flat=True)),
            "region_ids": list(c.scope_regions.values_list("pk", flat=True)),
            "leader_rating_periods": c.leader_rating_periods or [],
            "category_schemes": [
                {
                    "category_id": cs.category_id,
                    "category": cs.category.name,
                    "scheme_version_id": cs.scheme_version_id,
                }
                for cs in c.category_schemes.select_related("category").order_by(
                    "category__order", "category__code"
                )
            ],
        }
    )
    return data


def campaign_unit_out(cu) -> dict:
    return {
        "unit_id": cu.unit_id,
        "unit_code": cu.unit.code,
        "unit_name": cu.unit.name,
        "category": cu.category.name if cu.category_id else None,
        "included_by": cu.included_by,
        "self_status": cu.self_status,
        "submitted_at": cu.submitted_at,
        "return_reason": cu.return_reason,
        "review_done_at": cu.review_done_at,
        "not_applicable": cu.not_applicable or [],
        "not_evaluated_reason": cu.not_evaluated_reason,
    }


def evidence_out(e) -> dict:
    return {
        "id": e.pk,
        "purpose": e.purpose,
        "code": e.code,
        "kind": e.kind,
        "title": e.title,
        "url": e.url,
        "text": e.text,
        "file_url": reverse("protected_file", args=[e.file.name]) if e.file else None,
    }


def hides_review(request, campaign) -> bool:
    """Whether the evaluators' scores, on-site records and findings are hidden from the user now, as in the pages."""
    return not selectors.sees_review(request.auth, campaign)


def unit_detail(request, cu) -> dict:
    data = campaign_unit_out(cu)
    hide = hides_review(request, cu.campaign)
    data.update(
        {
            "report": cu.report,
            "entries": [
                {
                    "code": e.code,
                    "period": e.period,
                    "self_score": e.self_score,
                    "self_note": e.self_note,
                    "reviewed_score": None if hide else e.reviewed_score,
                    "review_reason": "" if hide else e.review_reason,
                    "review_source": "" if hide else e.review_source,
                }
                for e in cu.entries.all()
            ],
            "evidence": [
                evidence_out(e) for e in cu.evidence.all() if not hide or e.purpose in {"self", "report"}
            ],
            "sheets": [s.form for s in cu.sheets.all()],
            "problems": selectors.self_assessment_problems(cu),
        }
    )
    return data


def visible_results(request, campaign):
    return selectors.visible_results(request.auth, campaign).select_related("unit", "category")


def result_out(r) -> dict:
    return {
        "unit_id": r.unit_id,
        "unit_code": r.unit.code,
        "unit_name": r.unit.name,
        "category": r.category.name if r.category_id else None,
        "total": r.total,
        "grade": r.grade,
        "rank": r.rank,
    }
