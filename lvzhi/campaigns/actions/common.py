"""What every campaign action shares: one transaction with the acting user as the author of its audit
records (`campaign_action`), and the checks of an entered value against its indicator.
"""

import functools
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.audit.context import audit_context
from lvzhi.core.errors import Invalid

from ..models import Campaign, Notification
from ..selectors import unit_info

User = get_user_model()


def campaign_action(fn):
    """One transaction, with `actor` as the author of every audit record written inside."""

    @functools.wraps(fn)
    def wrapper(*args, actor, **kwargs):
        with transaction.atomic(), audit_context(actor=actor):
            return fn(*args, actor=actor, **kwargs)

    return wrapper


def current_time():
    return timezone.now()


def parse_score(value, label: str) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = Decimal(str(value).strip().rstrip("%％").strip())  # a rate may be written 89.82%
    except InvalidOperation as exc:
        raise Invalid(_("%(label)s「%(value)s」不是数字。") % {"label": label, "value": value}) from exc
    if not number.is_finite():
        raise Invalid(_("%(label)s「%(value)s」不是数字。") % {"label": label, "value": value})
    return number


def set_if_changed(instance, **values) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed


def leaf_for(cu, code):
    info, category = unit_info(cu)
    if info is None or code not in info.by_code:
        raise Invalid(_("指标「%(code)s」不在本活动的指标体系中。") % {"code": code})
    leaf = info.by_code[code]
    if not leaf.applies_to(category):
        raise Invalid(
            _("指标「%(code)s %(name)s」不适用于%(category)s类单位。")
            % {"code": code, "name": leaf.name, "category": category}
        )
    return leaf, category


def check_value(leaf, category, value: Decimal, what: str):
    """The scheme's one check of an entered value (schemeinfo's `value_problem`, as imports use it)."""
    problem = leaf.value_problem(category, value)
    if problem:
        label = _("指标「%(code)s %(name)s」的%(what)s") % {"code": leaf.code, "name": leaf.name, "what": what}
        raise Invalid(
            _("%(label)s %(value)s %(problem)s。")
            % {"label": label, "value": format(value.normalize(), "f"), "problem": problem}
        )


def check_part(leaf, period: str):
    if period not in leaf.parts:
        if leaf.periods:
            raise Invalid(
                _("指标「%(code)s %(name)s」按期评分,请指明期别(%(periods)s)。")
                % {"code": leaf.code, "name": leaf.name, "periods": "、".join(leaf.periods)}
            )
        if len(leaf.parts) > 1:
            raise Invalid(
                _("指标「%(code)s %(name)s」须分别填写实际数和目标数。")
                % {"code": leaf.code, "name": leaf.name}
            )
        raise Invalid(_("指标「%(code)s %(name)s」不分期别。") % {"code": leaf.code, "name": leaf.name})


def mark_results_stale(campaign):
    if not campaign.results_stale:
        Campaign.objects.filter(pk=campaign.pk).update(results_stale=True)
        campaign.results_stale = True


@transaction.atomic
def mark_read(user, notification_ids=None) -> int:
    qs = Notification.objects.visible_to(user).unread()
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    return qs.update(read_at=current_time())
