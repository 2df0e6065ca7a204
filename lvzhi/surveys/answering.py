"""Answering a questionnaire with an invitation: the token, the checks, and storing a finished answer once.

- A token is `secrets.token_urlsafe(12)`: 16 characters, 96 random bits, short enough for a QR code that scans
  from paper. Only its SHA-256 is stored.
- The answering page generates a submission id; the server keeps the SHA-256 of it on the answer sheet
  (`Response.submission_key`, unique). A retried submission finds its sheet and is told "thank you" again: ten
  retries store one answer. A different submission with a used token is refused and stores nothing.
- Only a finished, valid answer uses the invitation up (`used`, or one more `uses` of an open link), in the same
  transaction as the answer; nothing records when, or which answer.
- A frozen version cannot change (the policy table allows edits of drafts only), so each process keeps the
  questions of the frozen versions it has served (`questions_of`): the page and the submission read only the
  invitation (with its group, version and questionnaire in one query) and write the answer.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import threading
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.errors import Invalid, Refused

from .models import Answer, Invitation, Question, QuestionnaireVersion, RespondentGroup, Response

TOKEN_BYTES = 12
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{10,64}$")
SUBMISSION_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
MAX_TEXT = 2000
FROZEN_KEPT = 64  # frozen versions whose questions a process keeps


class LinkRefused(Refused):
    """The link cannot be answered (unknown, used, closed); the sentence the respondent reads."""

    status_code = 409


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_text(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


_frozen: dict[tuple[int, Any], tuple[Question, ...]] = {}
_frozen_lock = threading.Lock()


def questions_of(version: QuestionnaireVersion) -> list[Question]:
    """The version's questions in order, with their sections and condition questions. Those of a frozen version
    are read once per process (keyed by the version and the moment it was frozen) and only read afterwards."""
    if not version.is_frozen or version.frozen_at is None:
        return version.ordered_questions()
    key = (version.pk, version.frozen_at)
    questions = _frozen.get(key)
    if questions is None:
        questions = tuple(version.ordered_questions())
        with _frozen_lock:
            while len(_frozen) >= FROZEN_KEPT:
                _frozen.pop(next(iter(_frozen)))
            _frozen[key] = questions
    return list(questions)


def _invitations() -> QuerySet[Invitation]:
    return Invitation.objects.select_related("group__version__questionnaire", "unit")


def find_invitation(token: str) -> Invitation | None:
    if not TOKEN_RE.match(token or ""):
        return None
    return _invitations().filter(token_hash=hash_text(token)).first()


def refusal_for(invitation: Invitation | None) -> str | None:
    """Why this link cannot be answered now, in the words the respondent reads; None when it can."""
    if invitation is None:
        return _("链接无效:请核对链接或二维码是否完整。")
    group = invitation.group
    if group.status == RespondentGroup.Status.DRAFT:
        return _("本次调查尚未开始,请在调查开始后再填写。")
    if group.status == RespondentGroup.Status.CLOSED:
        return _("本次调查已结束,感谢您的关注。")
    if invitation.exhausted:
        if invitation.is_open:
            return _("本链接的答卷名额已满,感谢您的关注。")
        return _("此邀请已经使用过,每份邀请只能提交一次。感谢您的参与!")
    return None


def rated_units(invitation: Invitation) -> list[Any]:
    """The units this respondent rates: the invitation's unit, or every unit of the group."""
    if invitation.unit_id:
        return [invitation.unit]
    return list(invitation.group.units.order_by("order", "code"))


def visible_questions(questions: list[Question], given: dict[int, list[str]]) -> list[Question]:
    """The questions shown for these answers: a question with a condition only when the condition question is
    shown and answered with one of the condition's options."""
    shown: set[int] = set()
    out = []
    for q in questions:
        if q.condition_question_id:
            if q.condition_question_id not in shown:
                continue
            wanted = {str(v) for v in q.condition_values or ()}
            if not wanted & set(given.get(q.condition_question_id, [])):
                continue
        shown.add(q.pk)
        out.append(q)
    return out


@dataclass
class Checked:
    unit_id: int | None
    answers: list[Answer]


def check_answers(version: QuestionnaireVersion, units: list[Any], data: Any) -> Checked:
    """Validate posted answers (a QueryDict or {name: [values]}); raise Invalid naming every question at fault."""

    def values(name: str) -> list[str]:
        raw = data.getlist(name) if hasattr(data, "getlist") else data.get(name, [])
        if isinstance(raw, str):
            raw = [raw]
        return [str(v).strip() for v in raw if str(v).strip()]

    questions = questions_of(version)
    unit_ids = [u.pk for u in units]
    unit_id: int | None = unit_ids[0] if len(unit_ids) == 1 else None
    problems: list[tuple[str | None, str]] = []
    needs_unit = unit_id is None and any(q.rating_kind and q.kind != Question.Kind.MATRIX for q in questions)
    if needs_unit:
        chosen = values("unit")
        if chosen and chosen[0].isdigit() and int(chosen[0]) in unit_ids:
            unit_id = int(chosen[0])
        else:
            problems.append(("unit", _("请选择您评价的单位。")))
    given = {q.pk: values(f"q{q.pk}") for q in questions if q.kind != Question.Kind.MATRIX}
    answers: list[Answer] = []
    for q in visible_questions(questions, given):
        label = _("第%(n)s题") % {"n": q.order}
        field = f"q{q.pk}"
        if q.kind == Question.Kind.MATRIX:
            rows = units
            missing = []
            for unit in rows:
                picked = values(f"{field}_u{unit.pk}")
                if not picked:
                    missing.append(unit.name)
                    continue
                if picked[0] not in q.choices():
                    problems.append(
                        (field, _("%(q)s「%(unit)s」的评价无效。") % {"q": label, "unit": unit.name})
                    )
                    continue
                answers.append(Answer(question=q, unit_id=unit.pk, value=picked[0]))
            if missing and q.required:
                problems.append(
                    (field, _("%(q)s为必答题,请评价:%(units)s。") % {"q": label, "units": "、".join(missing)})
                )
            continue
        picked = given.get(q.pk, [])
        if not picked:
            if q.required:
                problems.append((field, _("%(q)s为必答题。") % {"q": label}))
            continue
        if q.kind == Question.Kind.TEXT:
            text = picked[0]
            if len(text) > MAX_TEXT:
                problems.append((field, _("%(q)s的回答不能超过%(n)s字。") % {"q": label, "n": MAX_TEXT}))
                continue
            answers.append(Answer(question=q, text=text))
            continue
        if q.kind != Question.Kind.MULTIPLE and len(picked) > 1:
            problems.append((field, _("%(q)s只能选一项。") % {"q": label}))
            continue
        if any(p not in q.choices() for p in picked):
            problems.append((field, _("%(q)s的答案不在选项中。") % {"q": label}))
            continue
        answers.extend(
            Answer(question=q, unit_id=unit_id if q.rating_kind else None, value=p)
            for p in dict.fromkeys(picked)
        )
    if problems:
        raise Invalid.many(problems)
    return Checked(unit_id, answers)


@dataclass
class Stored:
    response_id: Any
    duplicate: bool


def submit(token: str, submission_id: str, data: Any) -> Stored:
    """Store one finished answer for the invitation `token`, or recognise a retry of one already stored."""
    if not SUBMISSION_RE.match(submission_id or ""):
        raise Invalid(_("提交编号无效,请刷新页面后重新提交。"), field="sid")
    if not TOKEN_RE.match(token or ""):
        raise LinkRefused(refusal_for(None))
    key = hash_text(submission_id)
    stored = Response.objects.filter(submission_key=key).order_by().values("pk")[:1]
    try:
        with transaction.atomic():
            # The invitation locked, and in the same query whether this submission is already stored.
            invitation = (
                _invitations()
                .select_for_update(of=("self",))
                .annotate(stored_as=Subquery(stored))
                .filter(token_hash=hash_text(token))
                .first()
            )
            if invitation is None:
                raise LinkRefused(refusal_for(None))
            if invitation.stored_as is not None:
                return Stored(invitation.stored_as, True)
            reason = refusal_for(invitation)
            if reason:
                # The query's snapshot predates a submission of this id that held the lock until it committed
                # (a retry sent while the first attempt was still being stored): look again before refusing.
                existing = Response.objects.filter(submission_key=key).values_list("pk", flat=True).first()
                if existing is not None:
                    return Stored(existing, True)
                raise LinkRefused(reason)
            checked = check_answers(invitation.group.version, rated_units(invitation), data)
            response = Response.objects.create(
                group=invitation.group,
                unit_id=checked.unit_id,
                submitted_on=timezone.localdate(),
                submission_key=key,
            )
            for answer in checked.answers:
                answer.response = response
            Answer.objects.bulk_create(checked.answers)
            if invitation.is_open:
                Invitation.objects.filter(pk=invitation.pk).update(uses=F("uses") + 1)
            else:
                Invitation.objects.filter(pk=invitation.pk).update(used=True)
            return Stored(response.pk, False)
    except IntegrityError:
        # The same submission arrived twice at once (SQLite has no row lock): the other one stored it.
        existing = Response.objects.filter(submission_key=key).values_list("pk", flat=True).first()
        if existing is None:
            raise
        return Stored(existing, True)
