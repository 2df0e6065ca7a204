"""The demo county, built by code from a seed so that every run gives the same data.

Each room adds its part as a module with `build(rng, stdout)`, listed in DEMO_PARTS in the order they depend on
each other; a part that does not exist yet is skipped.
"""

import random
from importlib import import_module

from django.db import transaction

from lvzhi.audit.context import audit_context

DEMO_PARTS = [
    "lvzhi.demo.registry",
    "lvzhi.schemes.demo",
    "lvzhi.campaigns.demo",
    "lvzhi.plans.demo",
    "lvzhi.surveys.demo",
    "lvzhi.duties.demo",
    "lvzhi.workflows.demo",
    "lvzhi.goals.demo",
    "lvzhi.findings.demo",
    "lvzhi.reports.demo",
    "lvzhi.supervision.demo",
    "lvzhi.findings.demo_use",
]


def build_demo(seed: int = 2026, stdout=None):
    with transaction.atomic(), audit_context(reason="演示数据", source="demo"):
        for module_name in DEMO_PARTS:
            try:
                module = import_module(module_name)
            except ModuleNotFoundError as exc:
                if exc.name != module_name:
                    raise
                continue
            module.build(random.Random(f"{seed}:{module_name}"), stdout)
