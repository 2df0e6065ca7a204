"""Reports API, mounted at /api/reports/: weight studies (pairwise judgements → weights, AHP) and ranking
robustness. Thin: a schema in, an action or selector, a schema out; the pages' rules through the same actions."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy
from ninja import Router, Schema, Status

from lvzhi.api.errors import ERROR_RESPONSES
from lvzhi.campaigns.models import Campaign
from lvzhi.core.policy import enforces, get_for
from lvzhi.schemes.models import SchemeVersion

from . import api_documents, api_jobs, api_templates, robustness, selectors, weights
from .models import WeightStudy
from .policy import POLICY

router = Router(tags=[gettext_lazy("报告与分析")])
RESPONSES = {**ERROR_RESPONSES, 409: ERROR_RESPONSES[403]}


class StudyIn(Schema):
    scheme: str
    version: int
    parent_code: str = ""
    title: str = ""


class JudgementIn(Schema):
    judge: str
    values: dict[str, str]


class WeightOut(Schema):
    code: str
    name: str
    weight: float


class JudgeOut(Schema):
    judge: str
    consistency_ratio: float
    acceptable: bool


class PairOut(Schema):
    a: str
    b: str
    judged: str
    suggested: str


class StudyOut(Schema):
    id: int
    title: str
    scheme: str
    version: int
    parent_code: str
    codes: list[str]
    names: list[str]
    status: str
    pairs: list[str]
    judges: list[JudgeOut]
    weights: list[WeightOut]
    consistency_ratio: float | None
    lambda_max: float | None
    acceptable: bool | None
    revisit: list[PairOut]
    draft_version: int | None


class DraftOut(Schema):
    scheme: str
    number: int
    status: str


def _study(study: WeightStudy) -> dict[str, Any]:
    result = weights.result_of(study)
    return {
        "id": study.pk,
        "title": study.title,
        "scheme": study.scheme_version.scheme.code,
        "version": study.scheme_version.number,
        "parent_code": study.parent_code,
        "codes": study.codes,
        "names": study.names,
        "status": study.status,
        "pairs": [weights.pair_key(i, j) for i, j in weights.pairs(study)],
        "judges": result.judges if result else [],
        "weights": result.weights if result else [],
        "consistency_ratio": result.consistency_ratio if result else None,
        "lambda_max": result.lambda_max if result else None,
        "acceptable": result.acceptable if result else None,
        "revisit": [row.__dict__ for row in result.revisit] if result else [],
        "draft_version": study.draft_version.number if study.draft_version else None,
    }


@router.get(
    "/weights", response={200: list[StudyOut], **ERROR_RESPONSES}, summary=gettext_lazy("权重判断列表")
)
@enforces(POLICY, "view_weights")
def list_studies(request):
    POLICY.require(request.auth, "view_weights")
    return [_study(s) for s in selectors.studies(request.auth)]


@router.post("/weights", response={201: StudyOut, **RESPONSES}, summary=gettext_lazy("发起权重判断"))
@enforces(POLICY, "start_weights")
def create_study(request, body: StudyIn):
    POLICY.require(request.auth, "start_weights")
    version = get_for(request.auth, SchemeVersion, scheme__code=body.scheme, number=body.version)
    study = weights.start_study(version, actor=request.auth, parent_code=body.parent_code, title=body.title)
    return Status(201, _study(study))


@router.get(
    "/weights/{study_id}", response={200: StudyOut, **ERROR_RESPONSES}, summary=gettext_lazy("权重判断")
)
@enforces(POLICY, "view_weights")
def get_study(request, study_id: int):
    return _study(get_for(request.auth, WeightStudy, pk=study_id))


@router.put(
    "/weights/{study_id}/judgements",
    response={200: StudyOut, **RESPONSES},
    summary=gettext_lazy('录入或修改一位判断人的两两比较(values: {"0-1": "3", "0-2": "1/5", …})'),
)
@enforces(POLICY, "judge")
def put_judgement(request, study_id: int, body: JudgementIn):
    study = get_for(request.auth, WeightStudy, "judge", pk=study_id)
    weights.save_judgement(study, actor=request.auth, judge=body.judge, values=body.values)
    return _study(study)


@router.post(
    "/weights/{study_id}/accept",
    response={200: DraftOut, **RESPONSES},
    summary=gettext_lazy("导出权重并写入方案草稿(CR > 0.1 时 422,指出需重新判断的指标对)"),
)
@enforces(POLICY, "accept_weights")
def accept(request, study_id: int):
    study = get_for(request.auth, WeightStudy, "accept_weights", pk=study_id)
    draft = weights.accept_study(study, actor=request.auth)
    return {"scheme": draft.scheme.code, "number": draft.number, "status": draft.status}


class RangeIn(Schema):
    low: float | None = None
    high: float | None = None


class RobustnessIn(Schema):
    draws: int = 1000
    spread: float = robustness.DEFAULT_SPREAD
    vary_missing: bool = False
    threshold: float = robustness.DEFAULT_THRESHOLD
    ranges: dict[str, RangeIn] = {}
    seed: int | None = None


class UnitRankOut(Schema):
    unit_id: int
    code: str
    name: str
    category: str
    total: str
    grade: str
    rank: int | None
    median: float
    low: int
    high: int
    change: float
    other_grade: str | None
    flagged: bool


class FactorOut(Schema):
    code: str
    name: str
    weight: float
    low: float
    high: float
    first: float
    total: float


class MissingFactorOut(Schema):
    first: float
    total: float


class RobustnessOut(Schema):
    computed_at: str
    current: bool
    draws: int
    runs: int
    seconds: float
    left_out: int
    options: dict[str, Any]
    indicators: list[FactorOut]
    missing_factor: MissingFactorOut | None
    units: list[UnitRankOut]


def _run(run: Any) -> dict[str, Any]:
    result = run.result
    return {
        "computed_at": run.computed_at.isoformat(),
        "current": robustness.is_current(run),
        "draws": result["draws"],
        "runs": result["runs"],
        "seconds": run.seconds,
        "left_out": result["left_out"],
        "options": run.options,
        "indicators": result["indicators"],
        "missing_factor": result["missing_factor"],
        "units": result["units"],
    }


@router.get(
    "/campaigns/{campaign_id}/robustness",
    response={200: RobustnessOut | None, **ERROR_RESPONSES},
    summary=gettext_lazy("活动的最近一次排名稳健性分析(没有时为 null)"),
)
@enforces(POLICY, "view_robustness")
def get_robustness(request, campaign_id: int):
    campaign = get_for(request.auth, Campaign, pk=campaign_id)
    POLICY.require(request.auth, "view_robustness", campaign)
    run = robustness.latest_run(request.auth, campaign)
    return _run(run) if run else None


@router.post(
    "/campaigns/{campaign_id}/robustness",
    response={201: RobustnessOut, **RESPONSES},
    summary=gettext_lazy("进行排名稳健性分析(权重在范围内随机变动,至少 1000 次抽样)"),
)
@enforces(POLICY, "run_robustness")
def post_robustness(request, campaign_id: int, body: RobustnessIn):
    campaign = get_for(request.auth, Campaign, pk=campaign_id)
    POLICY.require(request.auth, "run_robustness", campaign)
    run = robustness.run_robustness(
        campaign,
        actor=request.auth,
        draws=body.draws,
        spread=body.spread,
        vary_missing=body.vary_missing,
        threshold=body.threshold,
        ranges={code: (r.low, r.high) for code, r in body.ranges.items()},
        seed=body.seed,
    )
    return Status(201, _run(run))


router.add_router("", api_documents.router)
router.add_router("", api_jobs.router)
router.add_router("", api_templates.router)
