"""docs/permissions.md's tables, rendered from the rooms' policy tables (lvzhi/<room>/policy.py).

`python -m tests.policy.render` (with DJANGO_SETTINGS_MODULE=lvzhi.settings) rewrites the part of
docs/permissions.md between the policy-tables markers; tests/policy/test_docs.py keeps the two equal.
"""

from __future__ import annotations

from pathlib import Path

from django.utils import translation

from lvzhi.core.policy import OWN_UNIT_ROLES, ROLE_LABELS, ROLES, Policy, Rule, all_policies

DOC = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"
START, END = "<!-- policy-tables:start -->", "<!-- policy-tables:end -->"
# The order rooms appear in; a room not listed comes after these, by name.
ROOM_ORDER = ("registry", "accounts", "audit", "schemes", "campaigns")


def _cell(rule: Rule, role: str) -> str:
    if role not in rule.roles:
        return "✘"
    if rule.scope == "unit" and role in OWN_UNIT_ROLES:
        return "本单位"
    if rule.scope == "own" and role != "admin":
        return "本人的"
    return "✔"


def _states(policy: Policy, rule: Rule) -> str:
    if rule.states is None:
        return "任何" if policy.states else ""
    label = policy.state_label or str
    ordered = sorted(rule.states, key=lambda s: policy.states.index(s) if s in policy.states else len(policy.states))
    return "、".join(str(label(s)) for s in ordered)


def room_table(policy: Policy) -> str:
    stateful = bool(policy.states)
    head = ["规则", "操作"] + (["状态"] if stateful else []) + [str(ROLE_LABELS[r]) for r in ROLES] + ["说明"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for action, rule in policy.rules.items():
        cells = [f"`{action}`", str(rule.label)] + ([_states(policy, rule)] if stateful else [])
        cells += [_cell(rule, role) for role in ROLES] + [str(rule.note)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def policy_tables() -> str:
    policies = all_policies()
    rooms = sorted(policies, key=lambda r: (ROOM_ORDER.index(r) if r in ROOM_ORDER else len(ROOM_ORDER), r))
    parts = []
    with translation.override("zh-hans"):
        for room in rooms:
            policy = policies[room]
            parts.append(f"### {policy.label}(`{room}`)\n\n{room_table(policy)}")
    return "\n\n".join(parts)


def rendered(doc: str) -> str:
    before, rest = doc.split(START, 1)
    _old, after = rest.split(END, 1)
    return f"{before}{START}\n{policy_tables()}\n{END}{after}"


if __name__ == "__main__":
    import django

    django.setup()
    DOC.write_text(rendered(DOC.read_text(encoding="utf-8")), encoding="utf-8")
