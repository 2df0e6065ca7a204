"""What a respondent's page and submission cost the database, and the retry that arrives while its first attempt
is still being stored: a thousand respondents at once are served by few statements each (bench/surveys.py)."""

import threading
import time

import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from lvzhi.surveys import actions, answering
from lvzhi.surveys.models import Response


def _statements(captured):
    """The statements sent, without those that begin and end a transaction (or, in a test, a savepoint)."""
    bracket = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK")
    return [q["sql"] for q in captured.captured_queries if not q["sql"].startswith(bracket)]


def test_a_page_and_a_submission_read_the_frozen_questionnaire_once_per_process(
    world, survey, respondent, helpers
):
    admin = world.users.admin
    # The printed sheet of one unit's invitations (an invitation for every unit reads the group's units too).
    first, second = (
        t for t, _u in actions.issue_invitations(survey.group, actor=admin, count=2, unit=world.unit_a)
    )
    respondent(first).open()  # this process has now read the frozen version's questions

    phone = respondent(second)
    with CaptureQueriesContext(connection) as page:
        shown = phone.open()
    assert "近一年是否到该单位办理过业务" in shown.content.decode()
    # The two counters of the rate limit in one statement, then the invitation with its group and questionnaire.
    assert len(_statements(page)) == 2, _statements(page)

    with CaptureQueriesContext(connection) as sent:
        assert (
            phone.submit(
                {k: v for k, v in helpers.answers(survey.q, world.unit_a, text="很好").items() if k != "unit"}
            ).status_code
            == 302
        )
    # Counters; the invitation locked (with the retry check); the sheet; its answers; the used flag.
    assert len(_statements(sent)) == 5, _statements(sent)
    assert Response.objects.get().answers.filter(text="很好").exists()


def test_a_new_version_of_the_questionnaire_is_shown_once_it_is_in_use(world, survey, camp, respondent):
    admin = world.users.admin
    token = actions.issue_invitations(survey.group, actor=admin, count=1)[0][0]
    assert "新增的题目" not in respondent(token).open().content.decode()

    draft = actions.new_version(survey.version, actor=admin)
    actions.save_question(draft, actor=admin, text="新增的题目", kind="text", required=False)
    group = actions.create_group(camp, actor=admin, version=draft, units=[world.unit_a], name="干部职工")
    actions.open_group(group, actor=admin)
    new_token = actions.issue_invitations(group, actor=admin, count=1)[0][0]
    assert "新增的题目" in respondent(new_token).open().content.decode()
    assert "新增的题目" not in respondent(token).open().content.decode()  # the old group keeps its version


@pytest.mark.django_db(transaction=True)
def test_a_retry_sent_while_the_first_attempt_is_being_stored_is_thanked_not_refused(
    transactional_db, world, survey, helpers
):
    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL (SQLite lets one writer in at a time)")
    token = actions.issue_invitations(survey.group, actor=world.users.admin, count=1)[0][0]
    data = helpers.answers(survey.q, world.unit_a)
    retry: dict = {}

    def send_again():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                retry["pid"] = cursor.fetchone()[0]
            retry["stored"] = answering.submit(token, "weak-network-submission-1", data)
        except Exception as exc:  # the test reports what the retry got
            retry["error"] = exc
        finally:
            connections.close_all()

    with transaction.atomic():
        first = answering.submit(token, "weak-network-submission-1", data)  # stored, not yet committed
        thread = threading.Thread(target=send_again)
        thread.start()
        deadline = time.monotonic() + 20
        with connection.cursor() as cursor:  # wait until the retry is waiting for the invitation's lock
            while time.monotonic() < deadline:
                cursor.execute("SELECT %s = ANY(pg_blocking_pids(%s))", [cursor.connection.info.backend_pid,
                                                                        retry.get("pid", 0)])  # fmt: skip
                if cursor.fetchone()[0]:
                    break
                time.sleep(0.02)
            else:
                pytest.fail(f"the retry never waited for the first attempt: {retry}")
    thread.join(timeout=30)
    assert "error" not in retry, retry.get("error")
    assert retry["stored"].duplicate and retry["stored"].response_id == first.response_id
    assert Response.objects.count() == 1


def test_the_blank_form_kept_by_the_process_is_the_one_for_the_invitations_units(world, survey, respondent):
    admin = world.users.admin
    for_a = actions.issue_invitations(survey.group, actor=admin, count=2, unit=world.unit_a)
    for_all = actions.issue_invitations(survey.group, actor=admin, count=2)
    pages = [respondent(t).open().content.decode() for t, _u in for_a + for_all]
    assert ['<select name="unit"' in page for page in pages] == [False, False, True, True]
    assert all(world.unit_b.name in page for page in pages[2:])
    tokens = [t for t, _u in for_a + for_all]
    assert all(f'value="{token}"' in page for token, page in zip(tokens, pages, strict=True))
