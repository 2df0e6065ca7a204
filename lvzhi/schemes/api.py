"""Schemes API (指标体系), mounted at /api/schemes/.

Who may do what (docs/schemes.md):
- office administrators, evaluators and committee members read every scheme and version, drafts included;
- every other signed-in role reads published versions only (a draft is a 404 to them, as in the UI);
- only office administrators create schemes, edit drafts, publish, derive, import and delete drafts (403 to any
  other role on a version it can see). Validation, diff, export and 试算 scoring are reads.
- A published version is frozen: changing it answers 409.

Problems in a scheme are answered 422 with one entry per problem in `errors`, `field` naming the indicator
code (or the setting, or the file's sheet/row/column).
"""

import datetime

from django.db.models import Q
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from lvzhi.api.errors import ERROR_RESPONSES, ApiError, ErrorOut, invalid_many
from lvzhi.api.pagination import Page, PageParams, paginate
from lvzhi.api.schemas import InputSchema
from lvzhi.core.downloads import attach, file_name
from lvzhi.core.policy import enforces, get_for

from . import actions, engine, trial
from .models import FrozenVersionError, Scheme, SchemeNode, SchemeResult, SchemeVersion
from .policy import POLICY

router = Router(tags=[gettext_lazy("指标体系")])

READ = ERROR_RESPONSES
WRITE = {409: ErrorOut, **ERROR_RESPONSES}


# ---------------------------------------------------------------------------------------------------------
# Schemas


class IssueOut(Schema):
    where: str = Field(description=gettext_lazy("指标编码、方案设置名,或文件位置(如 指标!第5行「分值」);空表示整个方案"))
    message: str


class ParentRef(Schema):
    scheme: str
    number: int


class VersionBrief(Schema):
    number: int
    status: str
    status_label: str
    note: str
    issue_count: int = Field(description=gettext_lazy("保存时校验发现的问题数(0 表示可以发布)"))
    created_at: datetime.datetime
    updated_at: datetime.datetime
    published_at: datetime.datetime | None
    parent: ParentRef | None

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_parent(obj):
        if obj.parent_version_id is None:
            return None
        return {"scheme": obj.parent_version.scheme.code, "number": obj.parent_version.number}


class VersionOut(VersionBrief):
    scheme: str
    definition: dict = Field(description=gettext_lazy("lvzhi-scheme/1 格式的指标定义(docs/scheme-format.md)"))

    @staticmethod
    def resolve_scheme(obj):
        return obj.scheme.code


class SchemeOut(Schema):
    code: str
    name: str
    level: str
    level_label: str
    parent: str | None = Field(description=gettext_lazy("上级模板的方案代码"))
    description: str
    created_at: datetime.datetime

    @staticmethod
    def resolve_level_label(obj):
        return obj.get_level_display()

    @staticmethod
    def resolve_parent(obj):
        return obj.parent.code if obj.parent_id else None


class SchemeDetailOut(SchemeOut):
    versions: list[VersionBrief] = Field(description=gettext_lazy("该用户可见的版本,新版本在前"))

    @staticmethod
    def resolve_versions(obj):
        return obj.visible_versions


class SchemeIn(InputSchema):
    code: str = Field(max_length=60, description=gettext_lazy("方案代码:字母、数字、连字符、下划线或点"))
    name: str = Field(max_length=200)
    level: Scheme.Level = Scheme.Level.LOCAL
    description: str = ""
    definition: dict | None = Field(None, description=gettext_lazy("指标定义;省略则从空方案开始"))


class DeriveIn(InputSchema):
    code: str = Field(max_length=60)
    name: str = Field(max_length=200)
    level: Scheme.Level = Scheme.Level.LOCAL
    description: str = ""


class DraftIn(InputSchema):
    from_version: int | None = Field(None, description=gettext_lazy("复制哪个版本;省略则复制最新版本"))
    note: str = ""


class DefinitionIn(InputSchema):
    definition: dict
    note: str | None = None


class UpdateOut(Schema):
    version: VersionOut
    issues: list[IssueOut] = Field(description=gettext_lazy("保存后仍存在的问题;为空才能发布"))


class ValidateIn(InputSchema):
    definition: dict
    parent: ParentRef | None = Field(None, description=gettext_lazy("继承的上级版本(定义中用 remove/add/modify/move 时必填)"))


class ValidateOut(Schema):
    valid: bool
    issues: list[IssueOut]


class ScoreIn(InputSchema):
    inputs: dict = Field(
        description=gettext_lazy(
            "一个单位的 {编码: 值},或单位记录 {category, values, not_applicable},"
            "或 lvzhi-inputs/1 文档 {units: {...}}(docs/inputs-format.md)"
        )
    )
    category: str | None = None


class ScoreOut(Schema):
    units: list[dict] = Field(description=gettext_lazy("每个单位的计算结果(解释树,见 docs/scoring.md)"))


class NodeOut(Schema):
    code: str
    parent_code: str
    name: str
    level: int
    kind: str
    points: float | None
    weight: float | None
    rule_type: str
    source: str
    is_leaf: bool


class ResultOut(Schema):
    id: int
    scheme: str
    version: int
    unit_id: int | None
    subject: str
    category: str
    context: str
    total: float | None
    grade: str
    rank: int | None
    computed_at: datetime.datetime
    result: dict

    @staticmethod
    def resolve_scheme(obj):
        return obj.version.scheme.code

    @staticmethod
    def resolve_version(obj):
        return obj.version.number


class SchemeFilters(Schema):
    level: Scheme.Level | None = None
    q: str | None = Field(None, description=gettext_lazy("按代码或名称查找"))


class ResultFilters(Schema):
    scheme: str | None = None
    version: int | None = None
    unit_id: int | None = None
    context: str | None = None


# ---------------------------------------------------------------------------------------------------------
# Helpers


def _issues_error(message: str, issues) -> ApiError:
    errors = [{"field": issue.where or None, "message": issue.message} for issue in issues]
    if not errors:
        return ApiError(422, message)
    error = invalid_many(errors)
    error.message = message + " " + error.message
    return error


def _scheme(user, code, action="view") -> Scheme:
    """404 when the user does not see it; 403 when they may not take `action` on it."""
    return get_for(user, Scheme.objects.select_related("parent"), action, policy=POLICY, code=code)


def _version(user, code, number, action="view") -> SchemeVersion:
    return get_for(
        user,
        SchemeVersion.objects.select_related("scheme", "parent_version__scheme"),
        action,
        policy=POLICY,
        scheme__code=code,
        number=number,
    )


def _draft(user, code, number, action) -> SchemeVersion:
    """A draft the user may take `action` on; a published version answers 409 (it is frozen)."""
    version = _version(user, code, number)
    try:
        POLICY.require(user, action, version)
    except FrozenVersionError as exc:
        raise ApiError(
            409,
            _("%(version)s 已发布,内容不可修改;请先新建草稿版本(POST /api/schemes/%(code)s/drafts)。")
            % {"version": version, "code": code},
        ) from exc
    return version


def _run(action, *args, **kwargs):
    """Call an action, answering its SchemeActionError in this room's words (a FrozenVersionError is a Refused:
    409 through the central mapping)."""
    try:
        return action(*args, **kwargs)
    except actions.SchemeActionError as exc:
        # Not the central Invalid answer: the detail leads with what was not done, then lists the issues.
        raise _issues_error(exc.message, exc.issues) from exc


def _reload(version) -> SchemeVersion:
    return SchemeVersion.objects.select_related("scheme", "parent_version__scheme").get(pk=version.pk)


# ---------------------------------------------------------------------------------------------------------
# Schemes


@router.get("/", response={200: Page[SchemeOut], **READ}, summary=gettext_lazy("指标体系列表"))
def list_schemes(request, filters: Query[SchemeFilters], page: Query[PageParams]):
    schemes = Scheme.objects.visible_to(request.user).select_related("parent").order_by("code")
    if filters.level:
        schemes = schemes.filter(level=filters.level)
    if filters.q:
        schemes = schemes.filter(Q(code__icontains=filters.q) | Q(name__icontains=filters.q))
    return paginate(schemes, page)


@router.post("/", response={201: VersionOut, **WRITE}, summary=gettext_lazy("新建指标体系(及其草稿 v1)"))
@enforces(POLICY, "create")
def create_scheme(request, payload: SchemeIn):
    POLICY.require(request.auth, "create")
    version = _run(actions.create_scheme, actor=request.auth, code=payload.code, name=payload.name,
                   level=payload.level, description=payload.description, definition=payload.definition)
    return Status(201, _reload(version))


@router.post("/validate", response={200: ValidateOut, **READ}, summary=gettext_lazy("校验指标定义(不保存)"))
@enforces(POLICY, "validate")
def validate_definition(request, payload: ValidateIn):
    parent = None
    if payload.parent is not None:
        parent = _version(request.auth, payload.parent.scheme, payload.parent.number).effective_definition()
    definition, issues = engine.prepare(payload.definition, parent)
    if not issues:
        issues = engine.validate(definition, parent)
    return {"valid": not issues, "issues": [i.to_dict() for i in issues]}


@router.post("/import", response={201: VersionOut, **WRITE}, summary=gettext_lazy("导入指标体系文件为新方案"))
@enforces(POLICY, "import")
def import_scheme(request, file: File[UploadedFile], code: Form[str] = "", name: Form[str] = "",
                  publish: Form[bool] = False):
    POLICY.require(request.auth, "import")
    version = _run(actions.import_scheme, file.read(), file.name, actor=request.auth, code=code, name=name,
                   publish=publish)
    return Status(201, _reload(version))


@router.get("/results", response={200: Page[ResultOut], **READ}, summary=gettext_lazy("已保存的评分结果"))
def list_results(request, filters: Query[ResultFilters], page: Query[PageParams]):
    results = SchemeResult.objects.visible_to(request.user).select_related("version__scheme").order_by("-id")
    if filters.scheme:
        results = results.filter(version__scheme__code=filters.scheme)
    if filters.version is not None:
        results = results.filter(version__number=filters.version)
    if filters.unit_id is not None:
        results = results.filter(unit_id=filters.unit_id)
    if filters.context:
        results = results.filter(context=filters.context)
    return paginate(results, page)


@router.get("/{code}", response={200: SchemeDetailOut, **READ}, summary=gettext_lazy("指标体系详情(含版本列表)"))
@enforces(POLICY, "view")
def get_scheme(request, code: str):
    scheme = _scheme(request.auth, code)
    versions = list(
        SchemeVersion.objects.visible_to(request.auth).filter(scheme=scheme)
        .select_related("parent_version__scheme").order_by("-number")
    )
    scheme.visible_versions = versions
    return scheme


@router.get("/{code}/versions", response={200: list[VersionBrief], **READ}, summary=gettext_lazy("版本列表"))
@enforces(POLICY, "view")
def list_versions(request, code: str):
    scheme = _scheme(request.auth, code)
    return list(
        SchemeVersion.objects.visible_to(request.auth).filter(scheme=scheme)
        .select_related("parent_version__scheme").order_by("-number")
    )


@router.post("/{code}/drafts", response={201: VersionOut, 200: VersionOut, **WRITE},
             summary=gettext_lazy("新建草稿版本(已有草稿时返回该草稿)"))
@enforces(POLICY, "start_draft")
def start_draft(request, code: str, payload: DraftIn):
    scheme = _scheme(request.auth, code, "start_draft")
    source = None
    if payload.from_version is not None:
        source = scheme.versions.filter(number=payload.from_version).first()
        if source is None:
            raise invalid_many([{"field": "from_version", "message": _("该方案没有 v%(number)s。") % {"number": payload.from_version}}])
    existing = scheme.open_draft()
    version = _run(actions.start_draft, scheme, actor=request.auth, from_version=source, note=payload.note)
    return Status(200 if existing is not None else 201, _reload(version))


@router.post("/{code}/import", response={200: VersionOut, **WRITE}, summary=gettext_lazy("导入文件为该方案的草稿"))
@enforces(POLICY, "import_draft")
def import_draft(request, code: str, file: File[UploadedFile]):
    scheme = _scheme(request.auth, code, "import_draft")
    version = _run(actions.import_scheme, file.read(), file.name, actor=request.auth, scheme=scheme)
    return _reload(version)


# ---------------------------------------------------------------------------------------------------------
# One version


@router.get("/{code}/versions/{int:number}", response={200: VersionOut, **READ}, summary=gettext_lazy("版本详情(含指标定义)"))
@enforces(POLICY, "view")
def get_version(request, code: str, number: int):
    return _version(request.auth, code, number)


@router.get("/{code}/versions/{int:number}/nodes", response={200: list[NodeOut], **READ},
            summary=gettext_lazy("版本的全部指标(按树的顺序)"))
@enforces(POLICY, "view")
def list_nodes(request, code: str, number: int, kind: str | None = None, level: int | None = None):
    version = _version(request.auth, code, number)
    nodes = SchemeNode.objects.filter(version=version).order_by("position")
    if kind:
        nodes = nodes.filter(kind=kind)
    if level is not None:
        nodes = nodes.filter(level=level)
    return list(nodes)


@router.put("/{code}/versions/{int:number}/definition", response={200: UpdateOut, **WRITE},
            summary=gettext_lazy("保存草稿的指标定义"))
@enforces(POLICY, "edit_draft")
def update_definition(request, code: str, number: int, payload: DefinitionIn):
    version = _draft(request.auth, code, number, "edit_draft")
    issues = _run(actions.update_draft, version, payload.definition, actor=request.auth, note=payload.note)
    return {"version": _reload(version), "issues": [i.to_dict() for i in issues]}


@router.post("/{code}/versions/{int:number}/validate", response={200: ValidateOut, **READ},
             summary=gettext_lazy("校验已保存的版本"))
@enforces(POLICY, "validate")
def validate_version(request, code: str, number: int):
    version = _version(request.auth, code, number, "validate")
    issues = engine.validate(version.definition, version.parent_effective())
    return {"valid": not issues, "issues": [i.to_dict() for i in issues]}


@router.post("/{code}/versions/{int:number}/publish", response={200: VersionOut, **WRITE}, summary=gettext_lazy("发布(冻结)草稿"))
@enforces(POLICY, "publish")
def publish(request, code: str, number: int):
    version = _draft(request.auth, code, number, "publish")
    _run(actions.publish_version, version, actor=request.auth)
    return _reload(version)


@router.delete("/{code}/versions/{int:number}", response={204: None, **WRITE}, summary=gettext_lazy("删除草稿"))
@enforces(POLICY, "discard")
def discard(request, code: str, number: int):
    version = _draft(request.auth, code, number, "discard")
    _run(actions.discard_draft, version, actor=request.auth)
    return Status(204, None)


@router.post("/{code}/versions/{int:number}/derive", response={201: VersionOut, **WRITE},
             summary=gettext_lazy("从该版本派生下级方案(模板继承)"))
@enforces(POLICY, "derive")
def derive(request, code: str, number: int, payload: DeriveIn):
    parent = _version(request.auth, code, number, "derive")
    version = _run(actions.derive_child, parent, actor=request.auth, code=payload.code, name=payload.name,
                   level=payload.level, description=payload.description)
    return Status(201, _reload(version))


@router.get("/{code}/versions/{int:number}/diff", response={200: dict, **READ},
            summary=gettext_lazy("与上级模板(或同一方案的另一版本)的差异"))
@enforces(POLICY, "view")
def diff(request, code: str, number: int, against: int | None = None):
    version = _version(request.auth, code, number)
    if against is not None:
        other = _version(request.auth, code, against)
    elif version.parent_version_id:
        other = _version(request.auth, version.parent_version.scheme.code, version.parent_version.number)
    else:
        raise invalid_many([{"field": "against", "message": _("该版本没有上级模板,请用 against 指定要对比的版本号。")}])
    try:
        result = engine.diff(other.effective_definition(), version.effective_definition())
    except engine.ScoringError as exc:
        raise _issues_error(_("无法对比。"), exc.issues) from exc
    return {"from": {"scheme": other.scheme.code, "number": other.number},
            "to": {"scheme": version.scheme.code, "number": version.number},
            "diff": engine.plain(result.to_dict() if hasattr(result, "to_dict") else result)}


@router.get("/{code}/versions/{int:number}/export", response={200: None, **READ},
            summary=gettext_lazy("导出为 YAML、JSON 或 Excel 文件"))
@enforces(POLICY, "view")
def export(request, code: str, number: int, format: str = "yaml"):
    version = _version(request.auth, code, number)
    if format not in engine.EXPORT_FORMATS:
        raise invalid_many([{"field": "format", "message": _("格式应为 yaml、json 或 xlsx。")}])
    definition = version.definition
    if format == "xlsx" or engine.has_edit_lists(definition):
        definition = version.effective_definition()
    content_type, suffix = engine.EXPORT_FORMATS[format]
    response = HttpResponse(engine.write_file(definition, format), content_type=content_type)
    return attach(response, file_name(version.scheme.name, _("(第%(n)s版)") % {"n": version.number}, suffix=suffix))


@router.post("/{code}/versions/{int:number}/score", response={200: ScoreOut, **READ},
             summary=gettext_lazy("试算:按该版本计算给定原始数据的得分(不保存)"))
@enforces(POLICY, "try")
def score(request, code: str, number: int, payload: ScoreIn):
    version = _version(request.auth, code, number, "try")
    outcome = trial.run(version.effective_definition(), data=payload.inputs, category=payload.category or "")
    if outcome.issues:
        raise _issues_error(_("无法试算。"), outcome.issues)
    return {"units": [unit["result"] for unit in outcome.units]}
