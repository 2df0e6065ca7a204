"""Background jobs: one row per long-running piece of work (an import, a large export) with its status,
progress, errors and result, so that a page or an API client can follow it. See lvzhi.core.jobs."""

import contextlib
import json
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.core.access import VisibleQuerySet


def progress_file(job_id) -> Path:
    """Where a job running inside a transaction reports its progress (lvzhi.core.jobs.Progress)."""
    return Path(settings.MEDIA_ROOT) / "jobs" / str(job_id) / "progress.json"


class JobQuerySet(VisibleQuerySet):
    def visible_to(self, user):
        """Office administrators see every job; everybody else the jobs they started."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_office_admin:
            return self
        return self.filter(created_by=user)


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("进行中")
        SUCCEEDED = "succeeded", _("已完成")
        REJECTED = "rejected", _("已拒绝")
        FAILED = "failed", _("出错")

    FINISHED = (Status.SUCCEEDED, Status.REJECTED, Status.FAILED)

    kind = models.CharField(_("类型"), max_length=40, db_index=True)
    title = models.CharField(_("名称"), max_length=200)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="jobs",
    )
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now, db_index=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    stage = models.CharField(_("当前步骤"), max_length=60, blank=True)
    done = models.PositiveIntegerField(_("已处理行数"), default=0)
    total = models.PositiveIntegerField(_("总行数"), null=True, blank=True)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    input_name = models.CharField(_("上传文件名"), max_length=255, blank=True)
    input_file = models.CharField(_("上传文件"), max_length=255, blank=True)
    output_file = models.CharField(_("结果文件"), max_length=255, blank=True)
    errors = models.JSONField(_("错误(前若干条)"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("错误数"), default=0)
    result = models.JSONField(_("结果"), default=dict, blank=True)
    message = models.TextField(_("说明"), blank=True)
    task_id = models.CharField(_("后台任务编号"), max_length=64, blank=True)
    worker = models.CharField(_("执行进程"), max_length=100, blank=True)  # host:pid of the worker running it

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    def live_progress(self) -> dict:
        """Status, stage and rows done/total as a running job last reported them (see lvzhi.core.jobs)."""
        data = {"status": self.status, "stage": self.stage, "done": self.done, "total": self.total}
        if self.status == self.Status.RUNNING:
            with contextlib.suppress(OSError, ValueError):
                data.update(json.loads(progress_file(self.pk).read_text(encoding="utf-8")))
        return data
