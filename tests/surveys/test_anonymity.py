"""Anonymity by construction: after people answer, nothing stored and nothing logged links an answer to its
invitation or to a person."""

import logging

from django.apps import apps
from django.db import connection, models

from lvzhi.audit.models import AuditEvent
from lvzhi.surveys import actions
from lvzhi.surveys.answering import hash_text
from lvzhi.surveys.models import Answer, Invitation, Response


def _every_stored_value():
    """(table, column, text) of every value in every table of the database."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from the introspection
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if value is not None:
                        yield table, column, str(value)


def test_nothing_stored_or_logged_links_an_answer_to_its_invitation(
    world, survey, respondent, helpers, caplog
):
    admin = world.users.admin
    issued = actions.issue_invitations(survey.group, actor=admin, count=12)
    tokens = [t for t, _unit in issued]
    audit_before = AuditEvent.objects.count()
    caplog.set_level(logging.DEBUG)
    sids = []
    for i, token in enumerate(tokens):
        sid = f"anonymity-check-{i:06d}"
        sids.append(sid)
        response = respondent(token).submit(
            helpers.answers(survey.q, world.unit_a if i % 2 else world.unit_b, text=f"第{i}位的意见"), sid=sid
        )
        assert response.status_code == 302

    # No audit record was written by answering (it would carry the time and the address).
    assert AuditEvent.objects.count() == audit_before

    # The answers' tables have no column that could point back: no token, no invitation, no user, no time of day.
    for model in (Response, Answer):
        for field in model._meta.concrete_fields:
            assert not (
                field.is_relation and field.related_model in (Invitation, apps.get_model("accounts", "User"))
            )
            assert not isinstance(field, models.DateTimeField), f"{model.__name__}.{field.name}"
            assert field.name not in {"token", "token_hash", "invitation", "ip", "user_agent"}
    assert {f.name for f in Invitation._meta.concrete_fields} >= {"used", "token_hash"}
    assert not any(isinstance(f, models.DateTimeField) for f in Invitation._meta.concrete_fields)

    # Every value stored anywhere: a token appears nowhere; its hash only as the invitation's own column; the
    # submission ids only hashed, on the answer sheets.
    secrets_ = (
        dict.fromkeys(tokens, "token") | {hash_text(t): "token_hash" for t in tokens} | dict.fromkeys(sids, "sid")
    )
    invitation_table = Invitation._meta.db_table
    for table, column, text in _every_stored_value():
        for secret, kind in secrets_.items():
            if secret in text:
                assert (kind, table, column) == ("token_hash", invitation_table, "token_hash"), (
                    table,
                    column,
                    kind,
                )

    # Answer sheets are not kept in the order the invitations were used.
    responses = list(Response.objects.order_by("pk"))
    order_used = [f"第{i}位的意见" for i in range(len(tokens))]
    order_stored = [Answer.objects.get(response=r, question=survey.q.q4).text for r in responses]
    assert sorted(order_stored) == sorted(order_used)
    assert order_stored != order_used
    # Answer dates are days.
    assert all(type(r.submitted_on).__name__ == "date" for r in responses)

    # The logs of the whole run: no token, and no submission address carrying one.
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for token in tokens:
        assert token not in logged
        assert hash_text(token) not in logged
