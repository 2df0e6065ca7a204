"""The business events the campaign room writes to the audit log (`record_event(<type>, …)`), with their
Chinese names for the audit log pages (registered in CampaignsConfig.ready through
lvzhi.audit.views.register_event_labels). A new event type needs its label here; a test checks every type
the code writes."""

from django.utils.translation import gettext_lazy as _

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
    "campaign.results_computed": _("计算评估结果"),
    "campaign.objection_answered": _("复核异议"),
    "campaign.approved": _("编委会审定通过"),
    "campaign.sent_back": _("编委会退回重新评定"),
    "campaign.published": _("公布评估结果"),
}
