"""Workflows API (流程图), mounted at /api/workflows/: workflows, their versions and steps, the diagrams as images,
comparisons, the checks, 一表一图一规范一机制, work norms, import and export. Thin: schema in, action or selector,
schema out; the actions enforce the table (lvzhi/workflows/policy.py)."""

from django.utils.translation import gettext_lazy
from ninja import Router

from . import drawing, reports

router = Router(tags=[gettext_lazy("流程图")])
for module in (drawing, reports):
    router.add_router("", module.router, tags=[gettext_lazy("流程图")])
