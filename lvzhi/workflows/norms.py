"""Work norms (工作规范): a section's documents, uploaded by its unit and read behind the unit's access check
(never public: the file route asks `may_read_norm`)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from lvzhi.core.errors import Invalid
from lvzhi.duties.actions.common import audited, require_text
from lvzhi.registry.models import InternalBody

from .models import WorkNorm
from .policy import POLICY

NORM_EXTENSIONS = {"pdf", "doc", "docx", "wps", "ofd", "txt", "xls", "xlsx", "jpg", "jpeg", "png"}
NORM_MAX_BYTES = 20 * 1024 * 1024


def may_read_norm(user: Any, name: str) -> bool:
    """An uploaded norm is readable by whoever may see its unit."""
    return WorkNorm.objects.visible_to(user).filter(file=name).exists()


def _check_file(upload: Any) -> None:
    name = getattr(upload, "name", "") or ""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in NORM_EXTENSIONS:
        raise Invalid(
            _("文件「%(name)s」的类型不允许上传(允许:%(allowed)s)。")
            % {"name": name, "allowed": "、".join(sorted(NORM_EXTENSIONS))},
            field="file",
        )
    if upload.size > NORM_MAX_BYTES:
        raise Invalid(_("文件「%(name)s」超过20MB。") % {"name": name}, field="file")


def add_norm(
    internal_body: InternalBody,
    *,
    title: str,
    document_number: str = "",
    issued_on: datetime.date | None = None,
    upload: Any = None,
    actor: Any,
) -> WorkNorm:
    """A norm of a section, with its file (optional: a norm may be recorded by title and number first)."""
    POLICY.require(actor, "edit_norms", internal_body)
    if upload is not None:
        _check_file(upload)
    with audited(actor=actor):
        norm = WorkNorm(
            unit_id=internal_body.unit_id,
            internal_body=internal_body,
            title=require_text(title, "title", _("规范名称")),
            document_number=document_number.strip(),
            issued_on=issued_on,
            uploaded_by=actor if getattr(actor, "pk", None) else None,
        )
        if upload is not None:
            norm.file_name = (upload.name or "")[-200:]
            norm.file.save(upload.name, upload, save=False)
        norm.save()
    return norm


def delete_norm(norm: WorkNorm, *, actor: Any) -> None:
    POLICY.require(actor, "edit_norms", norm)
    with audited(actor=actor):
        stored, storage = (norm.file.name, norm.file.storage) if norm.file else ("", None)
        norm.delete()
        if stored and storage is not None:
            transaction.on_commit(lambda: storage.delete(stored))
