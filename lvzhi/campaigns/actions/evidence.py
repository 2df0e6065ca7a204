"""Evidence: files, links and text behind a self-assessment, a checklist item, an interview or an objection."""

from django.db import transaction
from django.utils.translation import gettext as _

from lvzhi.core.errors import Invalid, Refused

from ..models import CampaignUnit, Evidence, Objection, Visit
from ..policy import require
from .common import campaign_action, leaf_for
from .self_assessment import require_contact_may_edit

EVIDENCE_EXTENSIONS = {
    "pdf", "doc", "docx", "xls", "xlsx", "csv", "ppt", "pptx", "wps", "ofd", "txt", "jpg", "jpeg", "png", "zip", "rar",
}  # fmt: skip


EVIDENCE_MAX_BYTES = 20 * 1024 * 1024


def validate_evidence_file(upload):
    name = getattr(upload, "name", "") or ""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in EVIDENCE_EXTENSIONS:
        raise Invalid(
            _("文件「%(name)s」的类型不允许上传(允许:%(allowed)s)。")
            % {"name": name, "allowed": "、".join(sorted(EVIDENCE_EXTENSIONS))}
        )
    if upload.size > EVIDENCE_MAX_BYTES:
        raise Invalid(_("文件「%(name)s」超过20MB。") % {"name": name})


def _evidence_edit_check(actor, cu, purpose, code, checklist_item=None, objection=None):
    campaign = cu.campaign
    if purpose in {Evidence.Purpose.SELF, Evidence.Purpose.REPORT}:
        require_contact_may_edit(actor, cu)
        if purpose == Evidence.Purpose.SELF:
            leaf, _category = leaf_for(cu, code)
            if not leaf.self_assessed:
                raise Invalid(
                    _("指标「%(code)s %(name)s」不由单位自评。") % {"code": leaf.code, "name": leaf.name}
                )
    elif purpose in {Evidence.Purpose.CHECKLIST, Evidence.Purpose.INTERVIEW}:
        require(actor, "on_site", campaign, cu.unit_id)
        if checklist_item is not None and checklist_item.visit.campaign_unit_id != cu.pk:
            raise Invalid(_("清单事项不属于该单位。"))
        visit = getattr(cu, "visit", None)
        if visit is not None and visit.status == Visit.Status.CLOSED:
            raise Refused(_("该单位的实地评估已完成,记录已锁定。"))
    elif purpose == Evidence.Purpose.OBJECTION:
        require(actor, "object", campaign, cu.unit_id)
        if objection is None or objection.campaign_unit_id != cu.pk:
            raise Invalid(_("请先提出异议再上传佐证。"))
        if objection.status != Objection.Status.OPEN:
            raise Refused(_("该异议已答复,不能再补充材料。"))


@campaign_action
def add_evidence(
    cu,
    *,
    actor,
    purpose=Evidence.Purpose.SELF,
    code="",
    kind=None,
    upload=None,
    url="",
    text="",
    title="",
    checklist_item=None,
    objection=None,
) -> Evidence:
    _evidence_edit_check(actor, cu, purpose, code, checklist_item, objection)
    url = (url or "").strip()
    text = (text or "").strip()
    if kind is None:
        kind = Evidence.Kind.FILE if upload else Evidence.Kind.LINK if url else Evidence.Kind.TEXT
    if kind == Evidence.Kind.FILE:
        if not upload:
            raise Invalid(_("请选择要上传的文件。"))
        validate_evidence_file(upload)
    elif kind == Evidence.Kind.LINK:
        if not url.startswith(("http://", "https://")):
            raise Invalid(_("链接须以 http:// 或 https:// 开头。"))
    elif not text:
        raise Invalid(_("请填写文字说明。"))
    evidence = Evidence(
        campaign_unit=cu,
        purpose=purpose,
        code=code,
        kind=kind,
        title=(title or "").strip()[:200],
        url=url if kind == Evidence.Kind.LINK else "",
        text=text,
        checklist_item=checklist_item,
        objection=objection,
        uploaded_by=actor,
    )
    if kind == Evidence.Kind.FILE:
        evidence.file.save(upload.name, upload, save=False)
        if not evidence.title:
            evidence.title = upload.name[:200]
    evidence.save()
    if cu.self_status == CampaignUnit.SelfStatus.NOT_STARTED and purpose in {"self", "report"}:
        cu.self_status = CampaignUnit.SelfStatus.DRAFT
        cu.save(update_fields=["self_status"])
    return evidence


@campaign_action
def remove_evidence(evidence, *, actor) -> None:
    cu = evidence.campaign_unit
    _evidence_edit_check(
        actor, cu, evidence.purpose, evidence.code, evidence.checklist_item, evidence.objection
    )
    if (
        evidence.uploaded_by_id != actor.pk
        and not actor.is_office_admin
        and evidence.purpose not in {"self", "report"}
    ):
        raise Refused(_("只能删除自己上传的材料。"))
    stored = evidence.file.name if evidence.file else ""
    evidence.delete()
    if stored:
        storage = Evidence._meta.get_field("file").storage
        transaction.on_commit(lambda: storage.delete(stored))
