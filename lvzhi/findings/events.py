"""The business events the findings room writes to the audit log, with their Chinese names."""

from django.utils.translation import gettext_lazy as _

from lvzhi.audit.labels import Value, choice_text

from .models import Recommendation

LAYOUT_LABELS = {
    "performance": _("绩效考核办:主要职能运行成效"),
    "organisation": _("组织部:班子和干部考核参考"),
    "discipline": _("纪委监委:违规违纪问题和问责"),
}

EVENT_LABELS = {
    "findings.common_issued": _("下发共性问题"),
    "findings.issued": _("下发整改"),
    "findings.plan_filed": _("提交整改方案"),
    "findings.evidence_submitted": _("提交整改佐证"),
    "findings.returned": _("退回整改"),
    "findings.verified": _("核验整改"),
    "findings.closed": _("销号"),
    "findings.reminded": _("催办逾期问题"),
    "findings.measure_recorded": _("记录督促措施"),
    "findings.imported": _("导入问题台账"),
    "findings.recommendation_decided": _("决定机构编制调整建议"),
    "findings.recommendations_drafted": _("生成机构编制调整建议"),
    "findings.results_exported": _("导出评估结果(考核、组织、纪检)"),
    "findings.adjustment_linked": _("关联清单调整"),
    "findings.consequences_imposed": _("落实诫勉措施"),
    "findings.cases_imported": _("导入问责案件"),
    "findings.report_submitted": _("提交书面报告"),
    "findings.measure_done": _("办结督促措施"),
}

EVENT_FIELDS = {
    "findings.common_issued": {"units": Value(_("单位数"))},
    "findings.evidence_submitted": {"files": Value(_("材料数"))},
    "findings.reminded": {"count": Value(_("问题数"))},
    "findings.measure_recorded": {"kind": Value(_("措施"))},
    "findings.imported": {"rows": Value(_("行数"))},
    "findings.recommendation_decided": {
        "status": Value(_("决定"), choice_text(Recommendation.Status)),
        "kind": Value(_("建议"), choice_text(Recommendation.Kind)),
        "matter": Value(_("机构编制事项")),
        "document_number": Value(_("文号")),
        "note": Value(_("决定意见")),
    },
    "findings.recommendations_drafted": {"units": Value(_("单位数"))},
    "findings.cases_imported": {"rows": Value(_("行数"))},
    "findings.consequences_imposed": {"units": Value(_("诫勉单位数")), "measures": Value(_("措施数"))},
    "findings.measure_done": {"kind": Value(_("措施")), "note": Value(_("办结情况"))},
    "findings.adjustment_linked": {"adjustment": Value(_("清单调整")), "document_number": Value(_("文号"))},
    "findings.results_exported": {
        "layout": Value(_("格式"), choice_text(LAYOUT_LABELS)),
        "units": Value(_("单位数")),
    },
}
