"""The reports room's pages: weight studies (pairwise judgement → weights) and ranking robustness. Thin: a form
in, an action or a selector, a template out."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lvzhi.campaigns.models import Campaign
from lvzhi.core.errors import Invalid
from lvzhi.core.policy import enforces, get_for

from . import robustness, selectors, weights
from .forms import DeleteJudgementForm, JudgementForm, RobustnessForm, StartStudyForm
from .models import Judgement, WeightStudy
from .policy import POLICY


@enforces(POLICY, "view_weights")
@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    POLICY.require(request.user, "view_weights")
    versions = selectors.versions_to_study(request.user)
    return render(
        request,
        "reports/index.html",
        {
            "studies": selectors.studies(request.user),
            "start_form": StartStudyForm(versions=versions) if versions.exists() else None,
            "may_templates": POLICY.allowed(request.user, "manage_templates"),
        },
    )


@enforces(POLICY, "start_weights")
@login_required
@require_POST
def study_new(request: HttpRequest) -> HttpResponse:
    POLICY.require(request.user, "start_weights")
    form = StartStudyForm(request.POST, versions=selectors.versions_to_study(request.user))
    if not form.is_valid():
        raise Invalid.many([(name, str(error)) for name, errors in form.errors.items() for error in errors])
    study = weights.start_study(
        form.cleaned_data["version"],
        actor=request.user,
        parent_code=form.cleaned_data["parent_code"],
        title=form.cleaned_data["title"],
    )
    messages.success(request, _("已发起权重判断,请录入两两比较。"))
    return redirect("reports:study", pk=study.pk)


def _study_page(request: HttpRequest, study: WeightStudy, form: JudgementForm | None = None) -> HttpResponse:
    return render(
        request,
        "reports/study.html",
        {
            "study": study,
            "result": weights.result_of(study),
            "judgements": list(study.judgements.all()),
            "form": form or JudgementForm(study=study),
            "can": selectors.study_actions(request.user, study),
        },
    )


@enforces(POLICY, "view_weights")
@login_required
@require_GET
def study_detail(request: HttpRequest, pk: int) -> HttpResponse:
    study = get_for(request.user, WeightStudy, pk=pk)
    judge = request.GET.get("judge")
    form = None
    if judge:
        existing = study.judgements.filter(judge=judge).first()
        if existing is not None:
            form = JudgementForm(study=study, initial={"judge": existing.judge, **existing.values})
    return _study_page(request, study, form)


@enforces(POLICY, "judge")
@login_required
@require_POST
def study_judge(request: HttpRequest, pk: int) -> HttpResponse:
    study = get_for(request.user, WeightStudy, "judge", pk=pk)
    form = JudgementForm(request.POST, study=study)
    if not form.is_valid():
        return _study_page(request, study, form)
    try:
        judgement = weights.save_judgement(
            study, actor=request.user, judge=form.cleaned_data["judge"], values=form.values()
        )
    except Invalid as exc:
        exc.add_to_form(form)
        return _study_page(request, study, form)
    messages.success(request, _("已保存%(judge)s的判断。") % {"judge": judgement.judge})
    return redirect("reports:study", pk=study.pk)


@enforces(POLICY, "judge")
@login_required
@require_POST
def study_judge_delete(request: HttpRequest, pk: int) -> HttpResponse:
    study = get_for(request.user, WeightStudy, "judge", pk=pk)
    form = DeleteJudgementForm(request.POST)
    if form.is_valid():
        judgement = Judgement.objects.filter(study=study, pk=form.cleaned_data["judgement"]).first()
        if judgement is not None:
            weights.delete_judgement(judgement, actor=request.user)
            messages.success(request, _("已删除%(judge)s的判断。") % {"judge": judgement.judge})
    return redirect("reports:study", pk=study.pk)


@enforces(POLICY, "accept_weights")
@login_required
@require_POST
def study_accept(request: HttpRequest, pk: int) -> HttpResponse:
    study = get_for(request.user, WeightStudy, "accept_weights", pk=pk)
    try:
        draft = weights.accept_study(study, actor=request.user)
    except Invalid as exc:
        messages.error(request, str(exc))
        return redirect("reports:study", pk=study.pk)
    messages.success(
        request, _("权重已写入方案草稿 %(draft)s,可在方案页面查看、修改和发布。") % {"draft": draft}
    )
    return redirect("schemes:version_detail", code=draft.scheme.code, number=draft.number)


def _robustness_page(
    request: HttpRequest, campaign: Campaign, form: RobustnessForm | None = None
) -> HttpResponse:
    indicators = robustness.indicators_of(campaign)
    run = robustness.latest_run(request.user, campaign)
    return render(
        request,
        "reports/robustness.html",
        {
            "campaign": campaign,
            "run": run,
            "current": robustness.is_current(run) if run else False,
            "units": sorted(run.result["units"], key=lambda u: (u["category"], u["rank"] or 0, u["code"]))
            if run
            else [],
            "form": form or RobustnessForm(indicators=indicators),
            "may_run": POLICY.allowed(request.user, "run_robustness", campaign),
        },
    )


@enforces(POLICY, "view_robustness")
@login_required
@require_GET
def robustness_page(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_for(request.user, Campaign, pk=pk)
    POLICY.require(request.user, "view_robustness", campaign)
    return _robustness_page(request, campaign)


@enforces(POLICY, "run_robustness")
@login_required
@require_POST
def robustness_run(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_for(request.user, Campaign, pk=pk)
    POLICY.require(request.user, "run_robustness", campaign)
    indicators = robustness.indicators_of(campaign)
    form = RobustnessForm(request.POST, indicators=indicators)
    if not form.is_valid():
        return _robustness_page(request, campaign, form)
    try:
        run = robustness.run_robustness(
            campaign,
            actor=request.user,
            draws=form.cleaned_data["draws"],
            spread=form.cleaned_data["spread"],
            ranges=form.ranges(indicators),
            vary_missing=form.cleaned_data["vary_missing"],
            threshold=form.cleaned_data["threshold"],
        )
    except Invalid as exc:
        exc.add_to_form(form)
        return _robustness_page(request, campaign, form)
    flagged = sum(1 for u in run.result["units"] if u["flagged"])
    messages.success(
        request,
        _("已完成 %(draws)s 次抽样的排名稳健性分析:%(flagged)s 个单位的等次受权重影响。")
        % {"draws": run.result["draws"], "flagged": flagged},
    )
    return redirect("reports:robustness", pk=campaign.pk)
