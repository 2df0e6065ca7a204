"""What office administrators do to schemes. Each action is one transaction, takes the acting user as `actor`
and writes its audit records inside (field changes through AuditedModel, business steps through record_event).

A version is a draft until it is published; publishing freezes it (FrozenVersionError on any later change, in
the model's `save` as well). Changing a published scheme means a new draft version (`start_draft`).
"""

import copy
import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.audit.context import audit_context
from lvzhi.audit.recorder import record_event
from lvzhi.core.errors import FieldProblem, Invalid

from . import engine
from .models import FrozenVersionError, Scheme, SchemeNode, SchemeResult, SchemeVersion
from .policy import POLICY


class SchemeActionError(Invalid):
    """A scheme, file or draft that cannot be accepted. `issues` lists engine.Issue items (each naming an
    indicator, the `where` of the problem) when there are any; the message says what was not done."""

    def __init__(self, message: str, issues=None):
        self.issues = list(issues or [])
        problems = [FieldProblem(issue.where or None, issue.message) for issue in self.issues]
        super().__init__(message, problems=problems)


CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,59}$")
RESERVED_CODES = {"new", "import", "validate", "results"}


def code_problem(code: str) -> str:
    """Why a scheme code cannot be used ("" when it can): it appears in URLs and files."""
    if not CODE_RE.match(code):
        return _("方案代码“%(code)s”只能由英文字母、数字、连字符、下划线和点组成(不超过 60 个字符),且以字母或数字开头。") % {
            "code": code}
    if code.lower() in RESERVED_CODES:
        return _("方案代码不能是“%(code)s”(系统保留),请换一个。") % {"code": code}
    return ""


def rebuild_nodes(version: SchemeVersion) -> int:
    """Rewrite the queryable node rows of a version from its definition (drafts only, and on publish)."""
    version.nodes.all().delete()
    try:
        definition = version.effective_definition()
    except engine.ScoringError:
        return 0
    rows = [SchemeNode(version=version, **node) for node in engine.node_rows(definition)]
    # Two nodes with one code cannot both be stored; the definition's validation names them already.
    seen: set[str] = set()
    unique_rows = []
    for row in rows:
        if row.code in seen:
            continue
        seen.add(row.code)
        unique_rows.append(row)
    SchemeNode.objects.bulk_create(unique_rows)
    return len(unique_rows)


def _parent_effective(parent_version):
    return parent_version.effective_definition() if parent_version is not None else None


def _new_version(scheme, *, actor, definition, parent_version=None, note="") -> SchemeVersion:
    issues = engine.validate(definition, _parent_effective(parent_version))
    version = SchemeVersion.objects.create(
        scheme=scheme,
        number=scheme.next_number(),
        status=SchemeVersion.Status.DRAFT,
        definition=definition,
        parent_version=parent_version,
        created_by=actor,
        note=note,
        issue_count=len(issues),
    )
    rebuild_nodes(version)
    return version


def create_scheme(
    *, actor, code: str, name: str, level: str = Scheme.Level.LOCAL, description: str = "", definition=None,
    parent_version: SchemeVersion | None = None, note: str = "",
) -> SchemeVersion:
    """A new scheme with its first draft version. `parent_version` makes it a child template of that version's
    scheme (its definition starts as a copy of the parent's unless one is given)."""
    POLICY.require(actor, "create")
    code = (code or "").strip()
    if not code:
        raise SchemeActionError(_("请填写方案代码。"))
    problem = code_problem(code)
    if problem:
        raise SchemeActionError(problem)
    if Scheme.objects.filter(code=code).exists():
        raise SchemeActionError(_("方案代码“%(code)s”已被使用,请换一个。") % {"code": code})
    if definition is None:
        definition = (
            engine.child_definition(parent_version.effective_definition(), code=code, name=name, level=level,
                                    parent_code=parent_version.scheme.code)
            if parent_version is not None
            else engine.empty_definition(code=code, name=name, level=level)
        )
    with transaction.atomic(), audit_context(actor=actor):
        scheme = Scheme.objects.create(
            code=code,
            name=name,
            level=level,
            description=description,
            parent=parent_version.scheme if parent_version is not None else None,
        )
        version = _new_version(scheme, actor=actor, definition=definition, parent_version=parent_version, note=note)
        if parent_version is not None:
            record_event(
                "scheme.derived",
                version,
                after={"parent_version_id": parent_version.pk, "parent": str(parent_version)},
            )
    return version


def derive_child(parent_version: SchemeVersion, *, actor, code: str, name: str, level: str,
                 description: str = "") -> SchemeVersion:
    """A child template (central → provincial → local) starting from a copy of the parent version."""
    POLICY.require(actor, "derive", parent_version)
    return create_scheme(
        actor=actor, code=code, name=name, level=level, description=description, parent_version=parent_version,
        note="",
    )


def start_draft(scheme: Scheme, *, actor, from_version: SchemeVersion | None = None, note: str = "") -> SchemeVersion:
    """A new draft version copying `from_version` (default: the latest version). A scheme has at most one
    draft at a time: if one exists, it is returned unchanged."""
    POLICY.require(actor, "start_draft", scheme)
    with transaction.atomic(), audit_context(actor=actor):
        Scheme.objects.select_for_update().filter(pk=scheme.pk).first()
        existing = scheme.open_draft()
        if existing is not None:
            return existing
        source = from_version or scheme.versions.order_by("-number").first()
        if source is None:
            definition = engine.empty_definition(code=scheme.code, name=scheme.name)
            parent_version = None
        else:
            definition = copy.deepcopy(source.definition)
            parent_version = source.parent_version
        version = _new_version(
            scheme, actor=actor, definition=definition, parent_version=parent_version,
            note=note or (_("基于 v%(number)s 修订") % {"number": source.number} if source else ""),
        )
        record_event("scheme.draft_started", version, after={"from_version": source.number if source else None})
    return version


def update_draft(version: SchemeVersion, definition: dict, *, actor, note: str | None = None) -> list:
    """Store a draft's edited definition. A draft may be saved with problems (work in progress); they are
    returned and counted, and publishing refuses until none is left."""
    POLICY.require(actor, "edit_draft", version)
    if not isinstance(definition, dict):
        raise SchemeActionError(_("指标定义必须是一个对象(键值对)。"))
    with transaction.atomic(), audit_context(actor=actor):
        locked = SchemeVersion.objects.select_for_update().get(pk=version.pk)
        if locked.is_frozen:
            raise FrozenVersionError(_("%(version)s 已发布,内容不可修改;如需调整,请基于它新建草稿版本。") % {"version": locked})
        definition, issues = engine.prepare(definition, locked.parent_effective())
        if issues:
            raise SchemeActionError(_("无法合并上级模板的修改,未保存。"), issues)
        issues = engine.validate(definition, locked.parent_effective())
        locked.definition = definition
        locked.issue_count = len(issues)
        locked.updated_at = timezone.now()
        if note is not None:
            locked.note = note
        locked.save()
        rebuild_nodes(locked)
    version.refresh_from_db()
    return issues


def publish_version(version: SchemeVersion, *, actor) -> SchemeVersion:
    """Freeze a valid draft. Refused with every problem listed when the engine does not accept it."""
    POLICY.require(actor, "publish", version)
    with transaction.atomic(), audit_context(actor=actor):
        locked = SchemeVersion.objects.select_for_update().get(pk=version.pk)
        if locked.is_frozen:
            raise SchemeActionError(_("%(version)s 已经发布。") % {"version": locked})
        issues = engine.validate(locked.definition, locked.parent_effective())
        if issues:
            raise SchemeActionError(
                _("%(version)s 还有 %(count)s 个问题,修正后才能发布。") % {"version": locked, "count": len(issues)}, issues
            )
        locked.status = SchemeVersion.Status.PUBLISHED
        locked.published_at = timezone.now()
        locked.published_by = actor
        locked.issue_count = 0
        locked.save()
        rebuild_nodes(locked)
        _follow_published(locked)
        record_event("scheme.published", locked, after={"number": locked.number})
    version.refresh_from_db()
    return version


def _follow_published(version: SchemeVersion) -> None:
    """The scheme's name, level and description are those of its latest published version."""
    scheme = Scheme.objects.select_for_update().get(pk=version.scheme_id)
    definition = version.definition
    valid_levels = {choice for choice, _ in Scheme.Level.choices}
    changed = False
    if isinstance(definition.get("name"), str) and definition["name"].strip() and definition["name"] != scheme.name:
        scheme.name = definition["name"][:200]
        changed = True
    if definition.get("level") in valid_levels and definition["level"] != scheme.level:
        scheme.level = definition["level"]
        changed = True
    if isinstance(definition.get("description"), str) and definition["description"] != scheme.description:
        scheme.description = definition["description"]
        changed = True
    if changed:
        scheme.save()


def discard_draft(version: SchemeVersion, *, actor) -> None:
    POLICY.require(actor, "discard", version)
    with transaction.atomic(), audit_context(actor=actor):
        locked = SchemeVersion.objects.select_for_update().get(pk=version.pk)
        if locked.is_frozen:
            raise FrozenVersionError(_("%(version)s 已发布,不可删除。") % {"version": locked})
        if locked.derived.exists() or locked.results.exists():
            raise SchemeActionError(_("%(version)s 已被其他方案或评分结果引用,不能删除。") % {"version": locked})
        scheme = locked.scheme
        locked.delete()
        if not scheme.versions.exists() and not scheme.children.exists():
            scheme.delete()


def _find_parent_version(definition: dict, parent_version):
    """The version an imported inheriting scheme resolves against: the one given, else the latest published
    version of the scheme named by `extends` (the latest version when none is published)."""
    if parent_version is not None or not definition.get("extends"):
        return parent_version, []
    parent_code = str(definition["extends"])
    parent_scheme = Scheme.objects.filter(code=parent_code).first()
    if parent_scheme is None:
        return None, [engine.Issue("extends", _("上级方案“%(code)s”不存在,请先导入上级方案。") % {"code": parent_code})]
    found = parent_scheme.latest_published() or parent_scheme.versions.order_by("-number").first()
    if found is None:
        return None, [engine.Issue("extends", _("上级方案“%(code)s”还没有任何版本。") % {"code": parent_code})]
    return found, []


def import_scheme(data: bytes, filename: str, *, actor, scheme: Scheme | None = None, code: str = "",
                  name: str = "", level: str = "", parent_version: SchemeVersion | None = None,
                  publish: bool = False) -> SchemeVersion:
    """Read a .yaml/.json/.xlsx scheme file. Any problem — unreadable file, a bad row, weights that do not add
    up, duplicate or dangling codes, unknown inputs — refuses the whole file with every problem listed, and
    nothing is stored. Into an existing `scheme` it becomes that scheme's draft (replacing an open draft's
    definition); otherwise a new scheme is created, its code and name taken from the file unless given."""
    if scheme is not None:
        POLICY.require(actor, "import_draft", scheme)
    else:
        POLICY.require(actor, "import")
    definition, issues, rows = engine.read_file(data, filename)
    if issues:
        raise SchemeActionError(
            _("文件“%(name)s”有 %(count)s 个问题,未导入任何内容。") % {"name": filename, "count": len(issues)}, issues
        )
    if scheme is not None:
        definition["code"] = scheme.code
        if parent_version is None and scheme.open_draft() is not None:
            parent_version = scheme.open_draft().parent_version
    elif code:
        definition["code"] = code
    if name:
        definition["name"] = name
    if level:
        definition["level"] = level
    parent_version, issues = _find_parent_version(definition, parent_version)
    if not issues:
        definition, issues = engine.prepare(definition, _parent_effective(parent_version))
    if not issues:
        issues = engine.locate(engine.validate(definition, _parent_effective(parent_version)), rows)
    if scheme is None and not issues:
        new_code = str(definition.get("code") or "")
        if Scheme.objects.filter(code=new_code).exists():
            issues = [engine.Issue("code", _("方案代码“%(code)s”已被使用;导入为新方案请另填一个方案代码,"
                                             "或在该方案页面中导入为新草稿。") % {"code": new_code})]
    if issues:
        raise SchemeActionError(
            _("文件“%(name)s”有 %(count)s 个问题,未导入任何内容。") % {"name": filename, "count": len(issues)}, issues
        )
    note = _("从文件“%(name)s”导入") % {"name": filename}
    with transaction.atomic(), audit_context(actor=actor, source="import"):
        if scheme is None:
            meta = engine.definition_meta(definition)
            valid_levels = {choice for choice, _ in Scheme.Level.choices}
            version = create_scheme(
                actor=actor,
                code=str(meta["code"]),
                name=str(meta.get("name") or filename),
                level=meta.get("level") if meta.get("level") in valid_levels else Scheme.Level.LOCAL,
                description=str(meta.get("description") or ""),
                definition=definition,
                parent_version=parent_version,
                note=note,
            )
        else:
            version = scheme.open_draft() or start_draft(scheme, actor=actor, note=note)
            update_draft(version, definition, actor=actor, note=note)
        record_event("scheme.imported", version, after={"filename": filename})
        if publish:
            version = publish_version(version, actor=actor)
    return version


def store_result(version: SchemeVersion, result: dict, *, actor, inputs=None, unit=None, subject: str = "",
                 category: str = "", context: str = "", rank=None) -> SchemeResult:
    """Keep one engine result (the `to_dict()` tree) for a unit under a version. Only published versions:
    a stored result must be recomputable from a frozen definition."""
    if not version.is_frozen:
        raise SchemeActionError(_("只能为已发布的版本保存评分结果。"))
    with transaction.atomic(), audit_context(actor=actor):
        return SchemeResult.objects.create(
            version=version,
            unit=unit,
            subject=subject or (str(unit) if unit is not None else ""),
            category=category,
            context=context,
            total=engine.result_total(result),
            grade=engine.result_grade(result) or "",
            rank=rank,
            inputs=inputs or {},
            result=result,
            computed_by=actor,
        )
