"""One unit's self-assessment: its record, self scores, evidence, the forms, submission."""

from django.utils.translation import gettext_lazy
from ninja import File, Form, Status
from ninja.files import UploadedFile

from lvzhi.api.errors import not_found
from lvzhi.core.policy import enforces

from .. import actions, sheets
from ..models import ChecklistItem, Evidence, Objection
from ..policy import CAMPAIGNS
from .common import R, call, campaign_for, campaign_unit_for, evidence_out, router, unit_detail
from .schemas import EvidenceOut, SelfIn, SelfOnBehalfIn, SheetIn, UnitDetailOut


@router.get(
    "/{int:campaign_id}/units/{int:unit_id}",
    response={200: UnitDetailOut, **R},
    summary=gettext_lazy("单位自评、审核情况"),
)
def get_unit(request, campaign_id: int, unit_id: int):
    return unit_detail(request, campaign_unit_for(request, campaign_for(request, campaign_id), unit_id))


@router.put(
    "/{int:campaign_id}/units/{int:unit_id}/self",
    response={200: UnitDetailOut, **R},
    summary=gettext_lazy("保存自评分、说明和自评报告"),
)
@enforces(CAMPAIGNS, "self_assess")
def save_self(request, campaign_id: int, unit_id: int, payload: SelfIn):
    cu = campaign_unit_for(request, campaign_for(request, campaign_id), unit_id)
    call(
        actions.save_self_assessment,
        cu,
        actor=request.auth,
        scores={(s.code, s.period): s.value for s in payload.scores},
        notes=payload.notes,
        report=payload.report,
    )
    return unit_detail(request, cu)


@router.put(
    "/{int:campaign_id}/units/{int:unit_id}/self/on-behalf",
    response={200: UnitDetailOut, **R},
    summary=gettext_lazy("代录单位自评(编办按单位报送的纸质自评表录入,注明依据文件)"),
)
@enforces(CAMPAIGNS, "self_on_behalf")
def save_self_on_behalf(request, campaign_id: int, unit_id: int, payload: SelfOnBehalfIn):
    cu = campaign_unit_for(request, campaign_for(request, campaign_id), unit_id)
    call(
        actions.enter_self_on_behalf,
        cu,
        actor=request.auth,
        document=payload.document,
        scores={(s.code, s.period): s.value for s in payload.scores},
        notes=payload.notes,
        report=payload.report,
        submit=payload.submit,
    )
    return unit_detail(request, cu)


# File(None) as the default: `File[UploadedFile] | None` made the file a query parameter, silently dropped.
OPTIONAL_FILE = File(None)


@router.post(
    "/{int:campaign_id}/units/{int:unit_id}/evidence",
    response={201: EvidenceOut, **R},
    summary=gettext_lazy("上传佐证材料(文件、链接或文字)"),
)
@enforces(CAMPAIGNS, "self_assess")
def add_evidence(
    request,
    campaign_id: int,
    unit_id: int,
    purpose: Form[str] = "self",
    code: Form[str] = "",
    url: Form[str] = "",
    text: Form[str] = "",
    title: Form[str] = "",
    item_id: Form[int | None] = None,
    objection_id: Form[int | None] = None,
    file: UploadedFile | None = OPTIONAL_FILE,
):
    cu = campaign_unit_for(request, campaign_for(request, campaign_id), unit_id)
    item = None
    if item_id:
        item = (
            ChecklistItem.objects.visible_to(request.auth).filter(pk=item_id, visit__campaign_unit=cu).first()
        )
        if item is None:
            raise not_found()
    objection = None
    if objection_id:
        objection = (
            Objection.objects.visible_to(request.auth).filter(pk=objection_id, campaign_unit=cu).first()
        )
        if objection is None:
            raise not_found()
    evidence = call(
        actions.add_evidence, cu, actor=request.auth, purpose=purpose, code=code, upload=file, url=url, text=text,
        title=title, checklist_item=item, objection=objection,
    )  # fmt: skip
    return Status(201, evidence_out(evidence))


@router.delete(
    "/{int:campaign_id}/units/{int:unit_id}/evidence/{int:evidence_id}",
    response={204: None, **R},
    summary=gettext_lazy("删除佐证材料"),
)
@enforces(CAMPAIGNS, "self_assess")
def delete_evidence(request, campaign_id: int, unit_id: int, evidence_id: int):
    cu = campaign_unit_for(request, campaign_for(request, campaign_id), unit_id)
    evidence = Evidence.objects.visible_to(request.auth).filter(pk=evidence_id, campaign_unit=cu).first()
    if evidence is None:
        raise not_found()
    evidence.campaign_unit = cu
    call(actions.remove_evidence, evidence, actor=request.auth)
    return Status(204, None)


@router.get(
    "/{int:campaign_id}/units/{int:unit_id}/sheets/{form}",
    response={200: dict, **R},
    summary=gettext_lazy("自评表单(提报表、权责清单统计表)"),
)
def get_sheet(request, campaign_id: int, unit_id: int, form: str):
    cu = campaign_unit_for(request, campaign_for(request, campaign_id), unit_id)
    if form not in sheets.SHEETS:
        raise not_found()
    stored = cu.sheets.filter(form=form).first()
    return {"form": form, "title": sheets.SHEETS[form].title, "saved": stored is not None,
            "data": stored.data if stored else sheets.prefill(form, cu.unit)}  # fmt: skip


@router.put(
    "/{int:campaign_id}/units/{int:unit_id}/sheets/{form}",
    response={200: dict, **R},
    summary=gettext_lazy("填写自评表单"),
)
@enforces(CAMPAIGNS, "self_assess")
def put_sheet(request, campaign_id: int, unit_id: int, form: str, payload: SheetIn):
    cu = campaign_unit_for(request, campaign_for(request, campaign_id), unit_id)
    if form not in sheets.SHEETS:
        raise not_found()
    sheet = call(actions.save_sheet, cu, actor=request.auth, form=form, data=payload.data)
    return {"form": form, "title": sheets.SHEETS[form].title, "saved": True, "data": sheet.data}


@router.post(
    "/{int:campaign_id}/units/{int:unit_id}/submit",
    response={200: UnitDetailOut, **R},
    summary=gettext_lazy("提交自评"),
)
@enforces(CAMPAIGNS, "self_assess")
def submit(request, campaign_id: int, unit_id: int):
    cu = campaign_unit_for(request, campaign_for(request, campaign_id), unit_id)
    call(actions.submit_self_assessment, cu, actor=request.auth)
    return unit_detail(request, cu)
