from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def assigned_units(user):
    """Units assigned to the user (as evaluator or as rating leader) in campaigns not yet published."""
    from .models import Assignment

    return Assignment.objects.filter(user=user, campaign__published_at__isnull=True).values("unit_id")


def may_read_evidence(user, name: str) -> bool:
    """An uploaded evidence file is readable by whoever may see the campaign unit it belongs to."""
    from .models import CampaignUnit, Evidence

    evidence = Evidence.objects.filter(file=name).only("campaign_unit_id").first()
    if evidence is None:
        return False
    return CampaignUnit.objects.visible_to(user).filter(pk=evidence.campaign_unit_id).exists()


class CampaignsConfig(AppConfig):
    name = "lvzhi.campaigns"
    verbose_name = _("评估活动")

    def ready(self):
        from lvzhi.audit.labels import register_events
        from lvzhi.audit.models import register_unit_history_filter
        from lvzhi.core.access import register_unit_scope
        from lvzhi.core.files import register_file_access
        from lvzhi.core.todo import register_todo

        from .confidential import unit_history_filter
        from .events import EVENT_FIELDS, EVENT_LABELS
        from .todo import campaign_todo

        register_unit_scope(assigned_units)
        register_file_access("evidence/", may_read_evidence)
        register_events(EVENT_LABELS, EVENT_FIELDS)
        register_todo("campaigns", campaign_todo)
        register_unit_history_filter(unit_history_filter)
