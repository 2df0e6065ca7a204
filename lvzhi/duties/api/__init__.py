"""Duties API (职责与三张清单), mounted at /api/duties/: decomposition, the lists as of a date and their history and
difference, adjustments, notices and claims, coverage, statistics, the overlap review, imports. Thin: schema in,
action or selector, schema out; the actions enforce the table (lvzhi/duties/policy.py)."""

from django.utils.translation import gettext_lazy
from ninja import Router

from . import catalogue, decomposition, feed, lists, notices, overlaps

router = Router(tags=[gettext_lazy("职责与三张清单")])
for module in (decomposition, lists, catalogue, notices, overlaps, feed):
    router.add_router("", module.router, tags=[gettext_lazy("职责与三张清单")])
