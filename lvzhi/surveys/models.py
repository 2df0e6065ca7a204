"""The surveys room's tables.

Questionnaires are reusable and versioned: a version is edited while it is a draft and frozen once a respondent
group uses it (like a scheme version in a campaign). A respondent group belongs to a campaign: the units it rates,
how many invitations, its weight in the satisfaction score, the scheme indicator its answers feed.

Anonymity by construction (docs/surveys.md): an `Invitation` keeps the hash of its token and a used flag, nothing
else about its use (no time, no answer); a `Response` has a random UUID key, the group, the unit it rates and the
day it came in — no token, no invitation, no user, no time of day, no address. Neither is an audited model: the
audit log would otherwise record the use of an invitation with a time and the request's address.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.audit.models import AuditedModel
from lvzhi.core.policy import PolicyQuerySet, role_of

# Who sees the surveys room at all: the office, the committee (results), the third party (its campaigns).
SURVEY_ROLES = frozenset({"admin", "committee", "third_party"})

# The satisfaction scale of the seeds (Laiyang, Feicheng): 满意 100, 基本满意 60, 不满意 0.
SATISFACTION_OPTIONS = ("满意", "基本满意", "不满意")
SATISFACTION_SCORES = {"满意": 100, "基本满意": 60, "不满意": 0}
# A 1–5 rating: 5 is 100, each step 20 less.
SCALE5_OPTIONS = ("5", "4", "3", "2", "1")
SCALE5_SCORES = {"5": 100, "4": 80, "3": 60, "2": 40, "1": 20}


class QuestionnaireQuerySet(PolicyQuerySet):
    def visible(self, user: Any) -> QuestionnaireQuerySet:
        return self if role_of(user) in SURVEY_ROLES else self.none()


class Questionnaire(AuditedModel):
    title = models.CharField(_("问卷名称"), max_length=120)
    description = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = QuestionnaireQuerySet.as_manager()

    class Meta:
        verbose_name = _("问卷")
        verbose_name_plural = _("问卷")
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title

    def latest(self) -> QuestionnaireVersion | None:
        return self.versions.order_by("-number").first()


class VersionQuerySet(PolicyQuerySet):
    def visible(self, user: Any) -> VersionQuerySet:
        return self if role_of(user) in SURVEY_ROLES else self.none()


class QuestionnaireVersion(AuditedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        FROZEN = "frozen", _("已冻结")

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("版本"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    intro = models.TextField(_("卷首语"), blank=True)
    frozen_at = models.DateTimeField(null=True, blank=True)

    objects = VersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("问卷版本")
        verbose_name_plural = _("问卷版本")
        ordering = ["questionnaire", "number"]
        constraints = [models.UniqueConstraint(fields=["questionnaire", "number"], name="qversion_unique")]

    def __str__(self) -> str:
        return f"{self.questionnaire.title} 第{self.number}版"

    @property
    def is_frozen(self) -> bool:
        return self.status == self.Status.FROZEN

    def ordered_questions(self) -> list[Question]:
        return list(self.questions.select_related("section", "condition_question").order_by("order", "pk"))


class Section(AuditedModel):
    version = models.ForeignKey(QuestionnaireVersion, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveIntegerField(default=0)
    title = models.CharField(_("部分标题"), max_length=120)

    class Meta:
        verbose_name = _("问卷部分")
        verbose_name_plural = _("问卷部分")
        ordering = ["version", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class Question(AuditedModel):
    class Kind(models.TextChoices):
        SINGLE = "single", _("单选题")
        MULTIPLE = "multiple", _("多选题")
        SATISFACTION = "satisfaction", _("满意度(满意/基本满意/不满意)")
        SCALE5 = "scale5", _("评分(1–5分)")
        MATRIX = "matrix", _("逐个单位评价(矩阵)")
        TEXT = "text", _("开放题")

    class Scale(models.TextChoices):
        SATISFACTION = "satisfaction", _("满意/基本满意/不满意")
        SCALE5 = "scale5", _("1–5分")

    version = models.ForeignKey(QuestionnaireVersion, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(
        Section,
        verbose_name=_("所属部分"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions",
    )
    order = models.PositiveIntegerField(_("题号"), default=0)
    text = models.CharField(_("题目"), max_length=300)
    kind = models.CharField(_("题型"), max_length=12, choices=Kind.choices)
    required = models.BooleanField(_("必答"), default=True)
    options = models.JSONField(_("选项"), default=list, blank=True)  # single/multiple: the option labels
    scale = models.CharField(
        _("评价尺度"), max_length=12, choices=Scale.choices, default=Scale.SATISFACTION, blank=True
    )  # matrix questions
    # The question whose answers are the group's satisfaction with a unit (满意度 or 矩阵 or 1–5).
    scores = models.BooleanField(_("计入满意度"), default=False)
    condition_question = models.ForeignKey(
        "self",
        verbose_name=_("显示条件:题目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    condition_values = models.JSONField(_("显示条件:选项"), default=list, blank=True)

    class Meta:
        verbose_name = _("题目")
        verbose_name_plural = _("题目")
        ordering = ["version", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.order}. {self.text}"

    @property
    def rating_kind(self) -> str | None:
        """ "satisfaction" or "scale5" for a question that rates, None otherwise."""
        if self.kind == self.Kind.MATRIX:
            return self.scale or self.Scale.SATISFACTION
        if self.kind in (self.Kind.SATISFACTION, self.Kind.SCALE5):
            return str(self.kind)
        return None

    def choices(self) -> tuple[str, ...]:
        kind = self.rating_kind
        if kind == "satisfaction":
            return SATISFACTION_OPTIONS
        if kind == "scale5":
            return SCALE5_OPTIONS
        return tuple(str(o) for o in self.options or ())

    def score_of(self, label: str) -> int | None:
        kind = self.rating_kind
        table = SATISFACTION_SCORES if kind == "satisfaction" else SCALE5_SCORES if kind == "scale5" else {}
        return table.get(label)


class GroupQuerySet(PolicyQuerySet):
    """A respondent group is seen by the office and the committee, and by the third party on the campaign's
    teams; never by the units rated or their contacts."""

    def visible(self, user: Any) -> GroupQuerySet:
        if role_of(user) not in SURVEY_ROLES:
            return self.none()
        from lvzhi.campaigns.models import Campaign

        return self.filter(campaign__in=Campaign.objects.visible_to(user))


class RespondentGroup(AuditedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("未开始")
        OPEN = "open", _("进行中")
        CLOSED = "closed", _("已结束")

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="survey_groups")
    name = models.CharField(_("评价群体"), max_length=60)
    order = models.PositiveIntegerField(default=0)
    version = models.ForeignKey(
        QuestionnaireVersion, verbose_name=_("问卷"), on_delete=models.PROTECT, related_name="groups"
    )
    units = models.ManyToManyField("registry.Unit", verbose_name=_("评价的单位"), related_name="+")
    invitations_planned = models.PositiveIntegerField(_("计划发放份数"), default=0)
    weight = models.DecimalField(_("权重"), max_digits=6, decimal_places=2, default=100)
    leaf_code = models.CharField(_("对应指标"), max_length=60, blank=True)
    min_answers = models.PositiveIntegerField(_("最少答卷数"), default=5)
    open_limit = models.PositiveIntegerField(_("公开链接限额"), default=0)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)

    objects = GroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("评价群体")
        verbose_name_plural = _("评价群体")
        ordering = ["campaign", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["campaign", "name"], name="surveygroup_unique")]

    def __str__(self) -> str:
        return self.name


class Invitation(models.Model):
    """One invitation: the SHA-256 of its token and whether it has been used; an open link (`is_open`) counts
    its uses against `max_uses` and keeps its public code (it is printed on posters anyway)."""

    group = models.ForeignKey(RespondentGroup, on_delete=models.CASCADE, related_name="invitations")
    unit = models.ForeignKey(
        "registry.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    used = models.BooleanField(default=False)
    is_open = models.BooleanField(default=False)
    public_code = models.CharField(max_length=40, blank=True)
    max_uses = models.PositiveIntegerField(default=1)
    uses = models.PositiveIntegerField(default=0)
    batch = models.PositiveIntegerField(default=1)
    created_on = models.DateField(default=timezone.localdate)

    class Meta:
        verbose_name = _("邀请")
        verbose_name_plural = _("邀请")

    def __str__(self) -> str:
        return f"{self.group} · {self.pk}"

    @property
    def exhausted(self) -> bool:
        return self.uses >= self.max_uses if self.is_open else self.used


class Response(models.Model):
    """One finished answer sheet. `submission_key` is the SHA-256 of the id the answering page generated, so
    that a retried submission is recognised and stored once."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    group = models.ForeignKey(RespondentGroup, on_delete=models.CASCADE, related_name="responses")
    unit = models.ForeignKey(
        "registry.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_on = models.DateField(default=timezone.localdate)
    submission_key = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("答卷")
        verbose_name_plural = _("答卷")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.group} · {str(self.pk)[:8]}"


class Answer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    unit = models.ForeignKey(
        "registry.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    value = models.CharField(max_length=60, blank=True)  # an option label, or the rating
    text = models.TextField(blank=True)  # an open answer

    class Meta:
        verbose_name = _("答案")
        verbose_name_plural = _("答案")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:40] or self.value


class ExternalBatch(AuditedModel):
    """A third party's results file for a group (per unit: how many answered each option)."""

    group = models.ForeignKey(RespondentGroup, on_delete=models.CASCADE, related_name="external_batches")
    file_name = models.CharField(_("文件名"), max_length=200)
    rows = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("第三方结果")
        verbose_name_plural = _("第三方结果")
        ordering = ["-uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.file_name


class ExternalCount(models.Model):
    batch = models.ForeignKey(ExternalBatch, on_delete=models.CASCADE, related_name="counts")
    group = models.ForeignKey(RespondentGroup, on_delete=models.CASCADE, related_name="external_counts")
    unit = models.ForeignKey("registry.Unit", on_delete=models.PROTECT, related_name="+")
    option = models.CharField(max_length=20)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "unit", "option"], name="externalcount_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} · {self.option} · {self.count}"


class RateCounter(models.Model):
    """Requests counted for one key in one fixed window by the public pages' rate limiter (limits.py), shared by
    every worker process. `digest` is an HMAC of the kind and the address or token with the window's number, so
    neither the address nor the token is stored; rows of past windows are deleted."""

    digest = models.CharField(max_length=64, unique=True)
    slot = models.BigIntegerField(db_index=True)  # the window's number: seconds since the epoch // its length
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("访问计数")
        verbose_name_plural = _("访问计数")

    def __str__(self) -> str:
        return f"{self.slot} · {self.hits}"
