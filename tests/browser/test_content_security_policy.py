"""The vendored front end works under the Content-Security-Policy: no page the office uses reports a violation
(htmx, Bootstrap, ECharts, Swagger UI, the tree editor's details toggles, the publish confirmation)."""

import pytest

from lvzhi.schemes import actions
from tests.schemes.conftest import small

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_main_pages_run_without_a_policy_violation(transactional_db, world, page, browser_login):
    draft = actions.create_scheme(
        actor=world.users.admin, code="small", name="小型测试方案", level="central", definition=small()
    )
    violations, errors = [], []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    browser_login("admin", world.password)
    for path in ("/", "/registry/units/", "/registry/regions/", f"/schemes/small/v{draft.number}/edit/",
                 f"/schemes/small/v{draft.number}/", "/registry/io/", "/api/docs"):
        page.goto(path)
        page.wait_for_load_state("load")
    # The editor's <details> keeps its hidden flag through site.js, not an inline handler.
    page.goto(f"/schemes/small/v{draft.number}/edit/")
    details = page.locator("details[data-open-flag]").first
    flag = page.locator("details[data-open-flag] >> xpath=preceding-sibling::input[1]").first
    before = flag.input_value()
    details.locator("summary").click()
    assert flag.input_value() != before
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.goto(f"/schemes/small/v{draft.number}/")
    assert violations == [] and errors == [], (violations, errors)
