"""Every write of the surveys room but the respondent's answer (lvzhi.surveys.answering): one transaction each,
the acting user as `actor`, the policy table enforced first, the audit record inside."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.audit.recorder import record_event
from lvzhi.core.errors import Invalid

from .answering import hash_text, new_token
from .models import (
    Invitation,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    RespondentGroup,
    Section,
)
from .policy import POLICY

MAX_INVITATIONS = 5000


def create_questionnaire(
    *, actor: Any, title: str, description: str = "", intro: str = ""
) -> QuestionnaireVersion:
    POLICY.require(actor, "create_questionnaire")
    title = (title or "").strip()
    if not title:
        raise Invalid(_("请填写问卷名称。"), field="title")
    with transaction.atomic():
        questionnaire = Questionnaire.objects.create(title=title[:120], description=description or "")
        return QuestionnaireVersion.objects.create(questionnaire=questionnaire, number=1, intro=intro or "")


def update_intro(version: QuestionnaireVersion, *, actor: Any, intro: str) -> QuestionnaireVersion:
    POLICY.require(actor, "edit_questionnaire", version)
    with transaction.atomic():
        version.intro = intro or ""
        version.save(update_fields=["intro"])
    return version


def _section(version: QuestionnaireVersion, title: str) -> Section | None:
    title = (title or "").strip()
    if not title:
        return None
    section = version.sections.filter(title=title).first()
    if section is None:
        section = Section.objects.create(
            version=version, title=title[:120], order=version.sections.count() + 1
        )
    return section


def _clean_options(kind: str, options: list[str]) -> list[str]:
    cleaned = list(dict.fromkeys(o.strip()[:60] for o in options if o and o.strip()))
    if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE) and len(cleaned) < 2:
        raise Invalid(_("单选题和多选题至少要有两个选项,每行一个。"), field="options")
    return cleaned if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE) else []


def save_question(
    version: QuestionnaireVersion,
    *,
    actor: Any,
    question: Question | None = None,
    text: str,
    kind: str,
    required: bool = True,
    options: list[str] | None = None,
    scale: str = "",
    scores: bool = False,
    section: str = "",
    condition_question: Question | None = None,
    condition_values: list[str] | None = None,
) -> Question:
    """Add a question to a draft version (or change one of it)."""
    POLICY.require(actor, "edit_questionnaire", version)
    text = (text or "").strip()
    if not text:
        raise Invalid(_("请填写题目。"), field="text")
    if kind not in Question.Kind.values:
        raise Invalid(_("请选择题型。"), field="kind")
    cleaned = _clean_options(kind, options or [])
    if scores and kind not in (Question.Kind.SATISFACTION, Question.Kind.SCALE5, Question.Kind.MATRIX):
        raise Invalid(_("只有满意度、评分和逐个单位评价的题目可以计入满意度。"), field="scores")
    wanted: list[str] = []
    if condition_question is not None:
        if condition_question.version_id != version.pk or (question and condition_question.pk == question.pk):
            raise Invalid(_("显示条件只能引用本问卷中的其他题目。"), field="condition_question")
        if condition_question.kind in (Question.Kind.TEXT, Question.Kind.MATRIX):
            raise Invalid(_("显示条件只能引用选择题或满意度题。"), field="condition_question")
        choices = condition_question.choices()
        wanted = [v.strip() for v in condition_values or [] if v.strip()]
        if not wanted or any(v not in choices for v in wanted):
            raise Invalid(
                _("显示条件的选项须是「%(q)s」的选项:%(choices)s。")
                % {"q": condition_question.text, "choices": "、".join(choices)},
                field="condition_values",
            )
    with transaction.atomic():
        if question is None:
            question = Question(version=version, order=version.questions.count() + 1)
        elif question.version_id != version.pk:
            raise Invalid(_("题目不属于该问卷版本。"))
        if condition_question is not None and condition_question.order >= question.order:
            raise Invalid(_("显示条件只能引用排在前面的题目。"), field="condition_question")
        if question.pk:
            _check_dependents(question, kind, cleaned)
        question.text = text[:300]
        question.kind = kind
        question.required = bool(required)
        question.options = cleaned
        question.scale = (scale or Question.Scale.SATISFACTION) if kind == Question.Kind.MATRIX else ""
        question.scores = bool(scores)
        question.section = _section(version, section)
        question.condition_question = condition_question
        question.condition_values = wanted
        question.save()
        if scores:
            version.questions.exclude(pk=question.pk).filter(scores=True).update(scores=False)
    return question


def _check_dependents(question: Question, kind: str, options: list[str]) -> None:
    """A change may not break the conditions of the questions shown only after this one."""
    for dependent in Question.objects.filter(condition_question=question).order_by("order"):
        if kind in (Question.Kind.TEXT, Question.Kind.MATRIX):
            raise Invalid(
                _("第%(n)s题的显示条件引用本题,本题不能改为开放题或逐个单位评价;请先修改第%(n)s题。")
                % {"n": dependent.order},
                field="kind",
            )
        probe = Question(kind=kind, options=options, scale=question.scale)
        missing = [v for v in dependent.condition_values or () if v not in probe.choices()]
        if missing:
            raise Invalid(
                _("第%(n)s题的显示条件用到本题的选项「%(values)s」,不能删去;请先修改第%(n)s题。")
                % {"n": dependent.order, "values": "、".join(missing)},
                field="options",
            )


def _renumber(version: QuestionnaireVersion, ordered: list[Question]) -> None:
    for i, q in enumerate(ordered, start=1):
        if q.order != i:
            q.order = i
            q.save(update_fields=["order"])


def delete_question(question: Question, *, actor: Any) -> None:
    version = question.version
    POLICY.require(actor, "edit_questionnaire", version)
    with transaction.atomic():
        dependents = list(Question.objects.filter(condition_question=question).order_by("order"))
        if dependents:
            raise Invalid(
                _("第%(n)s题的显示条件引用本题,请先修改或删除第%(n)s题。") % {"n": dependents[0].order}
            )
        question.delete()
        _renumber(version, list(version.questions.order_by("order", "pk")))


def move_question(
    question: Question, *, actor: Any, direction: str = "", position: int | None = None
) -> Question:
    """Move a question of a draft version one place up or down (`direction`), or to `position` (1 = first);
    the others keep their order. A question shown on a condition stays after the question it depends on."""
    version = question.version
    POLICY.require(actor, "edit_questionnaire", version)
    with transaction.atomic():
        ordered = list(version.questions.select_for_update().order_by("order", "pk"))
        index = next(i for i, q in enumerate(ordered) if q.pk == question.pk)
        if position is None:
            if direction not in ("up", "down"):
                raise Invalid(_("请选择上移或下移,或填写移到第几题。"), field="position")
            target = index - 1 if direction == "up" else index + 1
        else:
            target = int(position) - 1
        if not 0 <= target < len(ordered):
            raise Invalid(
                _("只能移到第1题至第%(n)s题之间。") % {"n": len(ordered)}, field="position"
            )
        moving = ordered.pop(index)
        ordered.insert(target, moving)
        place = {q.pk: i for i, q in enumerate(ordered)}
        for q in ordered:
            if q.condition_question_id and place[q.condition_question_id] > place[q.pk]:
                raise Invalid(
                    _("第%(n)s题「%(text)s」的显示条件引用「%(cond)s」,须排在它后面。")
                    % {"n": place[q.pk] + 1, "text": q.text, "cond": q.condition_question.text
                       if q.condition_question else ""},
                    field="position",
                )  # fmt: skip
        before = moving.order
        _renumber(version, ordered)
        record_event(
            "surveys.question_moved", moving, before={"order": before}, after={"order": moving.order}
        )
    return moving


def new_version(version: QuestionnaireVersion, *, actor: Any) -> QuestionnaireVersion:
    """A draft copy of a version (its sections, questions and conditions) to edit."""
    POLICY.require(actor, "new_version", version)
    with transaction.atomic():
        latest = version.questionnaire.versions.order_by("-number").first()
        number = (latest.number if latest else 0) + 1
        copy = QuestionnaireVersion.objects.create(
            questionnaire=version.questionnaire, number=number, intro=version.intro
        )
        sections = {}
        for s in version.sections.all():
            sections[s.pk] = Section.objects.create(version=copy, order=s.order, title=s.title)
        mapping: dict[int, Question] = {}
        for q in version.ordered_questions():
            mapping[q.pk] = Question.objects.create(
                version=copy, section=sections.get(q.section_id) if q.section_id else None, order=q.order,
                text=q.text, kind=q.kind, required=q.required, options=q.options, scale=q.scale, scores=q.scores,
                condition_question=mapping.get(q.condition_question_id) if q.condition_question_id else None,
                condition_values=q.condition_values,
            )  # fmt: skip
    return copy


def _number(
    value: Any, field: str, label: str, *, low: Decimal = Decimal(0), high: Decimal | None = None
) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise Invalid(_("%(label)s必须是数字。") % {"label": label}, field=field) from exc
    if not number.is_finite() or number < low or (high is not None and number > high):
        raise Invalid(_("%(label)s超出允许范围。") % {"label": label}, field=field)
    return number


def _group_fields(campaign: Any, fields: dict[str, Any]) -> dict[str, Any]:
    out = dict(fields)
    if "name" in out:
        out["name"] = (out["name"] or "").strip()[:60]
        if not out["name"]:
            raise Invalid(_("请填写评价群体名称。"), field="name")
    if "weight" in out:
        out["weight"] = _number(out["weight"], "weight", _("权重"), high=Decimal(1000))
    for name, label in (("invitations_planned", _("计划发放份数")), ("min_answers", _("最少答卷数")),
                        ("open_limit", _("公开链接限额"))):  # fmt: skip
        if name in out:
            out[name] = int(_number(out[name], name, label, high=Decimal(1_000_000)))
    if "min_answers" in out and out["min_answers"] < 1:
        raise Invalid(_("最少答卷数至少为1。"), field="min_answers")
    if out.get("leaf_code"):
        from .selectors import survey_leaves

        if out["leaf_code"] not in {leaf.code for leaf in survey_leaves(campaign)}:
            raise Invalid(
                _("「%(code)s」不是本活动指标体系中的问卷指标。") % {"code": out["leaf_code"]},
                field="leaf_code",
            )
    return out


def _check_units(campaign: Any, units: list[Any]) -> list[Any]:
    if not units:
        raise Invalid(_("请选择该群体评价的单位。"), field="units")
    in_scope = set(campaign.units.values_list("unit_id", flat=True))
    outside = [u.name for u in units if u.pk not in in_scope]
    if outside:
        raise Invalid(_("不在本活动范围内的单位:%(units)s。") % {"units": "、".join(outside)}, field="units")
    return units


def create_group(
    campaign: Any, *, actor: Any, version: QuestionnaireVersion, units: list[Any], **fields: Any
) -> RespondentGroup:
    POLICY.require(actor, "manage_groups", campaign)
    cleaned = _group_fields(campaign, fields)
    _check_units(campaign, units)
    with transaction.atomic():
        if RespondentGroup.objects.filter(campaign=campaign, name=cleaned.get("name")).exists():
            raise Invalid(
                _("本活动已有名为「%(name)s」的评价群体。") % {"name": cleaned.get("name")}, field="name"
            )
        group = RespondentGroup.objects.create(
            campaign=campaign, version=version, order=campaign.survey_groups.count() + 1, **cleaned
        )
        group.units.set(units)
    return group


def update_group(group: RespondentGroup, *, actor: Any, version: QuestionnaireVersion | None = None,
                 units: list[Any] | None = None, **fields: Any) -> RespondentGroup:  # fmt: skip
    POLICY.require(actor, "edit_group", group)
    cleaned = _group_fields(group.campaign, fields)
    with transaction.atomic():
        for name, value in cleaned.items():
            setattr(group, name, value)
        if version is not None:
            group.version = version
        if (
            RespondentGroup.objects.filter(campaign=group.campaign, name=group.name)
            .exclude(pk=group.pk)
            .exists()
        ):
            raise Invalid(_("本活动已有名为「%(name)s」的评价群体。") % {"name": group.name}, field="name")
        group.save()
        if units is not None:
            group.units.set(_check_units(group.campaign, units))
    return group


def open_group(group: RespondentGroup, *, actor: Any) -> RespondentGroup:
    """Start (or restart) the survey: the questionnaire version is frozen from now on."""
    POLICY.require(actor, "open_group", group)
    version = group.version
    if not version.questions.exists():
        raise Invalid(_("问卷「%(v)s」还没有题目。") % {"v": version})
    with transaction.atomic():
        if not version.is_frozen:
            version.status = QuestionnaireVersion.Status.FROZEN
            version.frozen_at = timezone.now()
            version.save(update_fields=["status", "frozen_at"])
        group.status = RespondentGroup.Status.OPEN
        group.save(update_fields=["status"])
    return group


def close_group(group: RespondentGroup, *, actor: Any) -> RespondentGroup:
    POLICY.require(actor, "close_group", group)
    with transaction.atomic():
        group.status = RespondentGroup.Status.CLOSED
        group.save(update_fields=["status"])
    return group


def issue_invitations(
    group: RespondentGroup, *, actor: Any, count: int, unit: Any = None
) -> list[tuple[str, Any]]:
    """`count` single-use invitations (for one unit, or for all the group's units). Returns (token, unit) pairs:
    the tokens are shown once — only their hashes are stored."""
    POLICY.require(actor, "issue_invitations", group)
    count = int(_number(count, "count", _("份数"), low=Decimal(1), high=Decimal(MAX_INVITATIONS)))
    if unit is not None and not group.units.filter(pk=unit.pk).exists():
        raise Invalid(_("「%(unit)s」不是该群体评价的单位。") % {"unit": unit}, field="unit")
    with transaction.atomic():
        last = group.invitations.order_by("-batch").values_list("batch", flat=True).first() or 0
        tokens = [new_token() for _i in range(count)]
        Invitation.objects.bulk_create(
            [Invitation(group=group, unit=unit, token_hash=hash_text(t), batch=last + 1) for t in tokens]
        )
        record_event(
            "surveys.invitations_issued",
            group,
            after={"count": count, "batch": last + 1, "unit": str(unit or "")},
        )
    return [(t, unit) for t in tokens]


def create_open_link(group: RespondentGroup, *, actor: Any, limit: int) -> str:
    """A link anyone may answer, `limit` times in all (for a group that is the public)."""
    POLICY.require(actor, "issue_invitations", group)
    limit = int(_number(limit, "limit", _("限额"), low=Decimal(1), high=Decimal(1_000_000)))
    token = new_token()
    with transaction.atomic():
        Invitation.objects.create(
            group=group, token_hash=hash_text(token), is_open=True, public_code=token, max_uses=limit
        )
        record_event("surveys.open_link_created", group, after={"limit": limit})
    return token
