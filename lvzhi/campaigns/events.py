"""The business events the campaign room writes to the audit log (`record_event(<type>, …)`), with their
Chinese names for the audit log pages, and how the values they record under names that are not fields of
their object read (`EVENT_FIELDS`; registered in CampaignsConfig.ready through
lvzhi.audit.labels.register_events). A new event type needs its label here; a test checks every type the
code writes, and that every value it records has a name."""

from django.utils.translation import gettext_lazy as _

from lvzhi.audit.labels import HIDDEN, Value, choice_text

from .models.campaign import CampaignUnit, Stage
from .models.results import Objection
from .schemeinfo import IMPORT_KINDS

EVENT_LABELS = {
    "campaign.created": _("部署评估活动"),
    "campaign.copied": _("复制评估活动"),
    "campaign.scope_refreshed": _("按范围规则更新参评单位"),
    "campaign.stage_closed": _("结束评估阶段"),
    "campaign.stage_reopened": _("重新开启评估阶段"),
    "campaign.self_submitted": _("提交自评"),
    "campaign.self_returned": _("退回自评"),
    "campaign.review_completed": _("完成案头审核"),
    "campaign.visit_closed": _("完成实地评估"),
    "campaign.data_imported": _("导入评议数据"),
    "campaign.rating_on_behalf": _("代录领导评价"),
    "campaign.self_on_behalf": _("代录单位自评"),
    "campaign.review_on_behalf": _("代录评估得分"),
    "campaign.results_computed": _("计算评估结果"),
    "campaign.objection_answered": _("复核异议"),
    "campaign.approved": _("编委会审定通过"),
    "campaign.sent_back": _("编委会退回重新评定"),
    "campaign.published": _("公布评估结果"),
}


_STAGE = choice_text(Stage)

# Values recorded by each event that are not fields of its object (a Campaign's `stage` is a field: its
# choices name it). HIDDEN values (ids, checksums) are not shown.
EVENT_FIELDS = {
    "campaign.created": {"name": Value(_("活动名称")), "year": Value(_("年度"))},
    "campaign.copied": {"from": HIDDEN, "from_name": Value(_("复制自"))},
    "campaign.scope_refreshed": {"added": Value(_("新增参评单位数")), "removed": Value(_("移出参评单位数"))},
    "campaign.stage_closed": {
        "stage": Value(_("阶段"), _STAGE),
        "forced": Value(_("强制结束")),
        "blockers": Value(_("结束时未满足的条件")),
        "late": Value(_("逾期未提交自评的单位")),
    },
    "campaign.stage_reopened": {"stage": Value(_("阶段"), _STAGE), "published_at": Value(_("公布时间"))},
    "campaign.self_submitted": {"status": Value(_("自评状态"), choice_text(CampaignUnit.SelfStatus))},
    "campaign.self_returned": {"status": Value(_("自评状态"), choice_text(CampaignUnit.SelfStatus))},
    "campaign.review_completed": {},
    "campaign.visit_closed": {},
    "campaign.data_imported": {
        "batch": HIDDEN,
        "kind": Value(_("数据类型"), choice_text({k: v[0] for k, v in IMPORT_KINDS.items()})),
        "rows": Value(_("行数")),
    },
    "campaign.rating_on_behalf": {
        "leader": Value(_("评价领导")),
        "unit": Value(_("被评价单位")),
        "period": Value(_("评价周期")),
        "document": Value(_("依据文件")),
    },
    "campaign.review_on_behalf": {
        "evaluator": Value(_("评估人员")),
        "source": Value(_("得分类别")),
        "entries": Value(_("录入项数")),
        "document": Value(_("依据文件")),
    },
    "campaign.self_on_behalf": {
        "unit": Value(_("单位")),
        "entries": Value(_("录入项数")),
        "document": Value(_("依据文件")),
    },
    "campaign.results_computed": {
        "units": Value(_("计算的单位数")),
        "flags": Value(_("三角印证提示数")),
        "digest": HIDDEN,
    },
    "campaign.objection_answered": {
        "status": Value(_("复核结果"), choice_text(Objection.Status)),
        "score": Value(_("得分")),
    },
    "campaign.approved": {"decision": HIDDEN, "gaps_acknowledged": Value(_("审定时已知悉的不完整情况"))},
    "campaign.sent_back": {"decision": HIDDEN},
    "campaign.published": {"published_at": Value(_("公布时间"))},
}
