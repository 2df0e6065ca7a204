"""Surveys API (问卷调查), mounted at /api/surveys/: the office's actions of the pages, with the same policy table
(lvzhi/surveys/policy.py). Respondents do not use the API: they answer at /s/<token>/ without an account.

Figures below a group's minimum number of answers, and those that would give them away, are `null` with
`hidden: true`, exactly as the pages and exports withhold them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse
from django.utils.translation import gettext_lazy
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile

from lvzhi.api.errors import ERROR_RESPONSES, ErrorOut
from lvzhi.api.schemas import InputSchema
from lvzhi.campaigns.models import Campaign
from lvzhi.core.errors import Invalid
from lvzhi.core.policy import enforces, get_for
from lvzhi.registry.models import Unit

from . import actions, exports, external, feed, selectors
from .models import Question, Questionnaire, QuestionnaireVersion, RespondentGroup
from .policy import POLICY

router = Router(tags=[gettext_lazy("问卷调查")])
READ = ERROR_RESPONSES
WRITE = {409: ErrorOut, **ERROR_RESPONSES}


class QuestionIn(InputSchema):
    text: str
    kind: str = Field(
        description=gettext_lazy(
            "single 单选、multiple 多选、satisfaction 满意度、scale5 1–5分、matrix 逐个单位评价、text 开放题"
        )
    )
    required: bool = True
    options: list[str] = []
    scale: str = ""
    scores: bool = False
    section: str = ""
    condition_question_id: int | None = None
    condition_values: list[str] = []


class QuestionOut(Schema):
    id: int
    order: int
    text: str
    kind: str
    kind_label: str
    required: bool
    choices: list[str]
    scores: bool
    section: str
    condition_question_id: int | None
    condition_values: list[str]

    @staticmethod
    def resolve_kind_label(obj: Question) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_choices(obj: Question) -> list[str]:
        return list(obj.choices())

    @staticmethod
    def resolve_section(obj: Question) -> str:
        return obj.section.title if obj.section else ""


class QuestionnaireVersionOut(Schema):
    questionnaire_id: int
    title: str
    number: int
    status: str
    intro: str
    questions: list[QuestionOut]

    @staticmethod
    def resolve_title(obj: QuestionnaireVersion) -> str:
        return obj.questionnaire.title

    @staticmethod
    def resolve_questions(obj: QuestionnaireVersion) -> list[Question]:
        return obj.ordered_questions()


class QuestionnaireIn(InputSchema):
    title: str
    description: str = ""
    intro: str = ""


class QuestionnaireOut(Schema):
    id: int
    title: str
    versions: list[int]

    @staticmethod
    def resolve_versions(obj: Questionnaire) -> list[int]:
        return [v.number for v in obj.versions.all()]


class GroupIn(InputSchema):
    name: str
    questionnaire_id: int
    version: int
    unit_ids: list[int]
    invitations_planned: int = 0
    weight: Decimal = Decimal(100)
    leaf_code: str = ""
    min_answers: int = 5
    open_limit: int = 0


class GroupOut(Schema):
    id: int
    name: str
    status: str
    weight: Decimal
    leaf_code: str
    min_answers: int
    questionnaire_id: int
    version: int
    unit_ids: list[int]
    planned: int | None = None
    issued: int | None = None
    responses: int | None = Field(None, description=gettext_lazy("收到的答卷数(编办可见)"))


class InviteIn(InputSchema):
    count: int = Field(ge=1, le=5000)
    unit_id: int | None = None


class LinksOut(Schema):
    links: list[str] = Field(description=gettext_lazy("一次性邀请链接;只返回这一次,系统只保存摘要"))


class CellOut(Schema):
    unit_id: int | None
    unit: str
    answers: int
    satisfaction: Decimal | None
    hidden: bool


class ResultsOut(Schema):
    group: str
    minimum: int
    units: list[CellOut]
    total: CellOut  # over the units shown only
    total_excludes: int = Field(
        0, description=gettext_lazy("合计不含的单位数(答卷不足最少答卷数的单位,其答卷不计入合计)")
    )


class SurveyImportOut(Schema):
    rows: int


def _group(request: Any, pk: int, action: str = "view") -> RespondentGroup:
    return get_for(request.auth, RespondentGroup.objects.select_related("campaign", "version"), action, pk=pk)


def _version(request: Any, pk: int, number: int, action: str = "view") -> QuestionnaireVersion:
    return get_for(request.auth, QuestionnaireVersion.objects.select_related("questionnaire"), action,
                   questionnaire_id=pk, number=number)  # fmt: skip


def _group_out(request: Any, group: RespondentGroup) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": group.pk, "name": group.name, "status": group.status, "weight": group.weight,
        "leaf_code": group.leaf_code, "min_answers": group.min_answers,
        "questionnaire_id": group.version.questionnaire_id, "version": group.version.number,
        "unit_ids": [u.pk for u in group.units.all()],
    }  # fmt: skip
    if POLICY.allowed(request.auth, "view_rates", group):
        progress = selectors.progress(group)
        out.update(planned=progress.planned, issued=progress.issued, responses=progress.responses)
    return out


@router.get(
    "/questionnaires", response={200: list[QuestionnaireOut], **READ}, summary=gettext_lazy("问卷列表")
)
@enforces(POLICY, "view")
def list_questionnaires(request: Any) -> Any:
    POLICY.require(request.auth, "view")
    return Questionnaire.objects.visible_to(request.auth).prefetch_related("versions")


@router.post(
    "/questionnaires",
    response={201: QuestionnaireVersionOut, **WRITE},
    summary=gettext_lazy("新建问卷(第1版草稿)"),
)
@enforces(POLICY, "create_questionnaire")
def create_questionnaire(request: Any, payload: QuestionnaireIn) -> Any:
    return 201, actions.create_questionnaire(actor=request.auth, **payload.dict())


@router.get(
    "/questionnaires/{pk}/v{number}",
    response={200: QuestionnaireVersionOut, **READ},
    summary=gettext_lazy("问卷版本及题目"),
)
@enforces(POLICY, "view")
def get_version(request: Any, pk: int, number: int) -> Any:
    return _version(request, pk, number)


@router.post("/questionnaires/{pk}/v{number}/questions", response={201: QuestionOut, **WRITE},
             summary=gettext_lazy("添加题目(草稿版本)"))  # fmt: skip
@enforces(POLICY, "edit_questionnaire")
def add_question(request: Any, pk: int, number: int, payload: QuestionIn) -> Any:
    version = _version(request, pk, number, "edit_questionnaire")
    data = payload.dict()
    condition_id = data.pop("condition_question_id")
    condition = version.questions.filter(pk=condition_id).first() if condition_id else None
    if condition_id and condition is None:
        raise Invalid("显示条件引用的题目不在本问卷中。", field="condition_question_id")
    return 201, actions.save_question(version, actor=request.auth, condition_question=condition, **data)


def _question(version: QuestionnaireVersion, qid: int) -> Question:
    question = version.questions.select_related("section").filter(pk=qid).first()
    if question is None:
        raise Invalid("题目不在本问卷版本中。", field="qid")
    return question


@router.put("/questionnaires/{pk}/v{number}/questions/{qid}", response={200: QuestionOut, **WRITE},
            summary=gettext_lazy("修改题目(草稿版本):题目、选项、必答、所属部分、显示条件"))  # fmt: skip
@enforces(POLICY, "edit_questionnaire")
def edit_question(request: Any, pk: int, number: int, qid: int, payload: QuestionIn) -> Any:
    version = _version(request, pk, number, "edit_questionnaire")
    question = _question(version, qid)
    data = payload.dict()
    condition_id = data.pop("condition_question_id")
    condition = version.questions.filter(pk=condition_id).first() if condition_id else None
    if condition_id and condition is None:
        raise Invalid("显示条件引用的题目不在本问卷中。", field="condition_question_id")
    return actions.save_question(version, actor=request.auth, question=question, condition_question=condition,
                                 **data)  # fmt: skip


class MoveIn(InputSchema):
    direction: str = Field("", description=gettext_lazy("up 上移一题、down 下移一题;或用 position"))
    position: int | None = Field(None, description=gettext_lazy("移到第几题(1 为第一题)"))


@router.post("/questionnaires/{pk}/v{number}/questions/{qid}/move", response={200: QuestionnaireVersionOut, **WRITE},
             summary=gettext_lazy("调整题目顺序(草稿版本)"))  # fmt: skip
@enforces(POLICY, "edit_questionnaire")
def move_question(request: Any, pk: int, number: int, qid: int, payload: MoveIn) -> Any:
    version = _version(request, pk, number, "edit_questionnaire")
    actions.move_question(_question(version, qid), actor=request.auth, direction=payload.direction,
                          position=payload.position)  # fmt: skip
    return version


@router.delete("/questionnaires/{pk}/v{number}/questions/{qid}", response={204: None, **WRITE},
               summary=gettext_lazy("删除题目(草稿版本)"))  # fmt: skip
@enforces(POLICY, "edit_questionnaire")
def delete_question(request: Any, pk: int, number: int, qid: int) -> Any:
    version = _version(request, pk, number, "edit_questionnaire")
    actions.delete_question(_question(version, qid), actor=request.auth)
    return Status(204, None)


@router.post("/questionnaires/{pk}/v{number}/copy", response={201: QuestionnaireVersionOut, **WRITE},
             summary=gettext_lazy("以此版本为基础新建版本"))  # fmt: skip
@enforces(POLICY, "new_version")
def copy_version(request: Any, pk: int, number: int) -> Any:
    return 201, actions.new_version(_version(request, pk, number, "new_version"), actor=request.auth)


@router.get("/campaigns/{campaign_id}/groups", response={200: list[GroupOut], **READ},
            summary=gettext_lazy("评估活动的评价群体及回收情况"))  # fmt: skip
@enforces(POLICY, "view")
def list_groups(request: Any, campaign_id: int) -> Any:
    POLICY.require(request.auth, "view")
    campaign = get_for(request.auth, Campaign.objects.all(), pk=campaign_id)
    return [_group_out(request, g) for g in selectors.campaign_groups(campaign, request.auth)]


@router.post(
    "/campaigns/{campaign_id}/groups", response={201: GroupOut, **WRITE}, summary=gettext_lazy("添加评价群体")
)
@enforces(POLICY, "manage_groups")
def create_group(request: Any, campaign_id: int, payload: GroupIn) -> Any:
    campaign = get_for(request.auth, Campaign.objects.all(), pk=campaign_id)
    POLICY.require(request.auth, "manage_groups", campaign)
    data = payload.dict()
    version = get_for(request.auth, QuestionnaireVersion.objects.all(), questionnaire_id=data.pop("questionnaire_id"),
                      number=data.pop("version"))  # fmt: skip
    units = list(Unit.objects.filter(pk__in=data.pop("unit_ids")))
    group = actions.create_group(campaign, actor=request.auth, version=version, units=units, **data)
    return 201, _group_out(request, group)


@router.post(
    "/groups/{pk}/open", response={200: GroupOut, **WRITE}, summary=gettext_lazy("开始调查(冻结问卷版本)")
)
@enforces(POLICY, "open_group")
def open_group(request: Any, pk: int) -> Any:
    return _group_out(request, actions.open_group(_group(request, pk, "open_group"), actor=request.auth))


@router.post("/groups/{pk}/close", response={200: GroupOut, **WRITE}, summary=gettext_lazy("结束调查"))
@enforces(POLICY, "close_group")
def close_group(request: Any, pk: int) -> Any:
    return _group_out(request, actions.close_group(_group(request, pk, "close_group"), actor=request.auth))


@router.post(
    "/groups/{pk}/invitations", response={201: LinksOut, **WRITE}, summary=gettext_lazy("发放一次性邀请")
)
@enforces(POLICY, "issue_invitations")
def issue_invitations(request: Any, pk: int, payload: InviteIn) -> Any:
    group = _group(request, pk, "issue_invitations")
    unit = group.units.filter(pk=payload.unit_id).first() if payload.unit_id else None
    if payload.unit_id and unit is None:
        raise Invalid("该单位不是本群体评价的单位。", field="unit_id")
    tokens = actions.issue_invitations(group, actor=request.auth, count=payload.count, unit=unit)
    base = request.build_absolute_uri("/s/")
    return 201, {"links": [f"{base}{t}/" for t, _u in tokens]}


def _cell(unit: Any, cell: Any, label: str = "") -> dict[str, Any]:
    hidden = cell is None or cell.hidden or cell.rate is None
    return {"unit_id": unit.pk if unit else None, "unit": unit.name if unit else label,
            "answers": cell.n if cell else 0, "satisfaction": None if hidden else cell.rate, "hidden": hidden}  # fmt: skip


@router.get("/groups/{pk}/results", response={200: ResultsOut, **READ}, summary=gettext_lazy("各单位满意率"))
@enforces(POLICY, "view_results")
def results(request: Any, pk: int) -> Any:
    group = _group(request, pk, "view_results")
    table = selectors.satisfaction_table([group])
    return {"group": group.name, "minimum": table.minimum,
            "units": [_cell(row["unit"], row["cells"].get(group.pk)) for row in table.rows],
            "total": _cell(None, table.totals[group.pk], table.total_label(group)),
            "total_excludes": table.totals[group.pk].excluded}  # fmt: skip


def _file(content: bytes, name: str, fmt: str) -> HttpResponse:
    response = HttpResponse(content, content_type=exports.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


def _export_args(what: str, fmt: str) -> None:
    if what not in ("summary", "raw") or fmt not in ("xlsx", "csv"):
        raise Invalid("导出的内容须是 summary(汇总)或 raw(原始答卷),格式须是 xlsx 或 csv。", field="what")


@router.get("/groups/{pk}/export/{what}/{fmt}", response={200: None, **READ},
            summary=gettext_lazy("导出评价群体的汇总(summary)或原始答卷(raw),xlsx 或 csv"))  # fmt: skip
@enforces(POLICY, "export_results", "export_raw")
def export_group(request: Any, pk: int, what: str, fmt: str) -> Any:
    group = _group(request, pk, "export_raw" if what == "raw" else "export_results")
    _export_args(what, fmt)
    content, name = exports.export(group, what, fmt)
    return _file(content, name, fmt)


@router.get("/campaigns/{campaign_id}/export/{what}/{fmt}", response={200: None, **READ},
            summary=gettext_lazy("导出评估活动全部评价群体的汇总(summary,含加权)或原始答卷(raw),xlsx 或 csv"))  # fmt: skip
@enforces(POLICY, "export_results", "export_raw")
def export_campaign(request: Any, campaign_id: int, what: str, fmt: str) -> Any:
    campaign = get_for(request.auth, Campaign.objects.all(), pk=campaign_id)
    POLICY.require(request.auth, "export_raw" if what == "raw" else "export_results", campaign)
    _export_args(what, fmt)
    groups = selectors.campaign_groups(campaign, request.auth)
    content, name = exports.campaign_export(campaign, groups, what, fmt)
    return _file(content, name, fmt)


@router.post(
    "/groups/{pk}/feed", response={200: SurveyImportOut, **WRITE}, summary=gettext_lazy("计入评估指标")
)
@enforces(POLICY, "feed_scores")
def feed_scores(request: Any, pk: int) -> Any:
    batch = feed.feed_scores(_group(request, pk, "feed_scores"), actor=request.auth)
    return {"rows": batch.rows}


@router.post(
    "/groups/{pk}/import",
    response={201: SurveyImportOut, **WRITE},
    summary=gettext_lazy("导入第三方调查结果"),
)
@enforces(POLICY, "import_results")
def import_results(request: Any, pk: int, file: File[UploadedFile]) -> Any:
    group = _group(request, pk, "import_results")
    batch = external.import_results(group, actor=request.auth, content=file.read(), filename=file.name or "")
    return 201, {"rows": batch.rows}
