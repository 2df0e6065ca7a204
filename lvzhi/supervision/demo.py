"""Demo content for supervision: a year of performance records against the units' power items and tasks (more at
month end, a few large units), workflow events on the workflows in force (some late, some out of order) and
hotline tickets (a few bounced between units); then the warnings, so the dashboard and the office's list show."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q

from lvzhi.duties.models import PowerItem
from lvzhi.registry.models import Unit

from . import actions, warnings
from .references import step_rows

TODAY = dt.date(2026, 11, 30)


def build(rng: Any, stdout: Any = None) -> None:
    admin = get_user_model().objects.filter(Q(is_superuser=True) | Q(role="admin")).order_by("pk").first()
    if admin is None:
        return
    items = list(PowerItem.objects.filter(valid_to__isnull=True).select_related("unit").order_by("pk")[:200])
    perf = []
    for item in items:
        weight = 3 if item.unit_id % 7 == 0 else 1
        for month in range(1, 12):
            for _ in range(rng.randint(1, 4) * weight):
                day = dt.date(2026, month, rng.choice([3, 8, 12, 17, 22, 25, 26, 27, 28]))
                perf.append(
                    {
                        "unit": item.unit.code,
                        "item_kind": "power",
                        "item": item.code,
                        "day": day,
                        "action": "办理",
                        "quantity": rng.randint(1, 5),
                    }
                )
    events = []
    steps: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in step_rows():
        if row["valid_to"] is None:
            steps.setdefault((row["unit"], row["workflow"]), []).append(row)
    for (unit, workflow), defined in sorted(steps.items())[:15]:
        defined.sort(key=lambda r: r["step_order"])
        for case in range(12):
            t = dt.datetime(2026, rng.randint(1, 10), rng.randint(1, 28), 9, 0)  # noqa: DTZ001 - office time
            order = list(defined)
            if case == 5 and len(order) > 2:
                order[1], order[2] = order[2], order[1]
            for r in order:
                hours = rng.choice([2, 4, 8, 24, 48, 96, 200])
                end = t + dt.timedelta(hours=hours)
                events.append(
                    {
                        "unit": unit,
                        "case": f"{workflow}-{case}",
                        "workflow": workflow,
                        "step": r["step"],
                        "start": t,
                        "end": end,
                        "outcome": "通过",
                    }
                )
                t = end
    codes = list(Unit.objects.order_by("code").values_list("code", flat=True)[:30])
    tickets = []
    for i in range(400):
        unit = codes[min(int(len(codes) * rng.random() ** 2), len(codes) - 1)] if codes else ""
        month = 11 if i % 9 == 0 else rng.randint(1, 10)
        transfers = ";".join(rng.sample(codes, 2)) if codes and i % 25 == 0 else ""
        tickets.append(
            {
                "ticket": f"DEMO{i:05d}",
                "line": rng.choice(["12345", "89000"]),
                "day": dt.date(2026, month, rng.randint(1, 28)),
                "unit": unit,
                "topic": rng.choice(["审批服务", "市容环境", "社会保障", "住房"]),
                "text": "群众诉求",
                "transfers": transfers,
                "satisfaction": rng.choice(["满意", "满意", "基本满意", "不满意", ""]),
            }
        )
    for kind, rows in (("performance", perf), ("events", events), ("hotline", tickets)):
        if rows:
            actions.submit_batch(
                kind, actor=admin, rows=rows, batch_id=f"demo-{kind}", allow_partial=True, today=TODAY
            )
    made = warnings.run(admin, today=TODAY)
    if stdout:
        stdout.write(
            f"监管数据:{len(perf)} 条履职记录,{len(events)} 个流程环节,{len(tickets)} 件热线工单,{len(made)} 条预警\n"
        )
