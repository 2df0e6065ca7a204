"""docs/permissions.md carries the rooms' policy tables as they are (tests/policy/render.py renders them)."""

from tests.policy import render


def test_the_permissions_doc_carries_every_policy_table():
    doc = render.DOC.read_text(encoding="utf-8")
    assert render.START in doc and render.END in doc, "docs/permissions.md must hold the policy-tables markers"
    assert doc == render.rendered(doc), (
        "docs/permissions.md differs from the policy tables; run "
        "`DJANGO_SETTINGS_MODULE=lvzhi.settings LVZHI_TESTING=1 .venv/bin/python -m tests.policy.render`"
    )
