"""What the registry API's modules share: the router, the standard responses and the checks."""

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Schema

from lvzhi.api.crud import resolve
from lvzhi.api.errors import (
    ERROR_RESPONSES,
    ErrorOut,
    invalid,
)
from lvzhi.registry.forms import UnitContactForm
from lvzhi.registry.models import (
    LeadershipQuota,
    MainDuty,
    Region,
    StaffingQuota,
    Unit,
)

READ = ERROR_RESPONSES
NO_CONTENT = {204: None, 409: ErrorOut, **ERROR_RESPONSES}

# Fields of a unit its own contact may change, as in the UI's form; the rest (code, name, kind, region,
# category, parent, order, whether it is in use) are the staffing office's decisions.
UNIT_CONTACT_FIELDS = frozenset(UnitContactForm._meta.fields)


# ---------------------------------------------------------------------------------------------------------
# Shared checks


def _editable_unit(user, pk, field="unit", action="edit_unit"):
    """The unit a request body names, among those the registry table lets the user take `action` on; else 422
    on the field (a unit they do not see answers the same as one that does not exist)."""
    return resolve(Unit.objects.editable_by(user, action), pk, field, _("单位"))


def _region_or_422(pk, field="region"):
    return resolve(Region.objects.all(), pk, field, _("区划"))


def _assign(obj, values: dict):
    for name, value in values.items():
        setattr(obj, name, value)
    return obj


class DeleteParams(Schema):
    reason: str = Field("", max_length=200, description=gettext_lazy("删除原因(记入操作日志)"))


def _region_subtree(prefix: str, region: Region) -> Q:
    """Objects whose region (reached through `prefix`) is `region` or below it."""
    return Q(**{f"{prefix}path": region.path}) | Q(**{f"{prefix}path__startswith": region.path + "/"})


def _filter_region_param(queryset, region_id, prefix):
    if region_id is None:
        return queryset
    region = Region.objects.filter(pk=region_id).first()
    if region is None:
        raise invalid("region", _("未找到编号为 %(id)s 的区划。") % {"id": region_id})
    return queryset.filter(_region_subtree(prefix, region))


_SANDING_PREFETCH = (
    Prefetch("main_duties", queryset=MainDuty.objects.order_by("seq")),
    Prefetch("quotas", queryset=StaffingQuota.objects.order_by("kind")),
    Prefetch("leadership_quotas", queryset=LeadershipQuota.objects.order_by("level")),
)
