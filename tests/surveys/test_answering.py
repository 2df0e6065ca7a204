"""A respondent answers with an invitation: once, retries stored once, required answers, conditions, the plain
refusals of a used or closed link, rate and size limits."""

import pytest

from lvzhi.surveys import actions
from lvzhi.surveys.models import Answer, Invitation, Response


def _token(survey, admin, unit=None):
    return actions.issue_invitations(survey.group, actor=admin, count=1, unit=unit)[0][0]


def test_a_token_answers_once_and_a_second_answer_is_refused_with_nothing_stored(
    world, survey, respondent, helpers
):
    token = _token(survey, world.users.admin)
    phone = respondent(token)
    first = phone.submit(helpers.answers(survey.q, world.unit_a), sid="first-submission-0001")
    assert first.status_code == 302 and first["Location"] == "/s/thanks/"
    assert Response.objects.count() == 1
    stored_answers = Answer.objects.count()

    second = phone.submit(
        helpers.answers(survey.q, world.unit_b, rating="不满意"), sid="second-submission-002"
    )
    assert second.status_code == 409
    assert "此邀请已经使用过" in second.content.decode()
    assert Response.objects.count() == 1
    assert Answer.objects.count() == stored_answers
    assert not Answer.objects.filter(value="不满意").exists()


def test_ten_retries_of_one_submission_store_one_answer(world, survey, respondent, helpers):
    token = _token(survey, world.users.admin)
    phone = respondent(token)
    data = helpers.answers(survey.q, world.unit_a, text="窗口服务热情。")
    statuses = [phone.submit(data, sid="retried-submission-0001").status_code for _ in range(10)]
    assert statuses == [302] * 10
    assert Response.objects.count() == 1
    assert Answer.objects.filter(text="窗口服务热情。").count() == 1


def test_a_used_link_says_so_plainly_when_opened_again(world, survey, respondent, helpers):
    token = _token(survey, world.users.admin)
    phone = respondent(token)
    phone.submit(helpers.answers(survey.q, world.unit_a))
    page = phone.open()
    assert page.status_code == 200
    assert "此邀请已经使用过,每份邀请只能提交一次" in page.content.decode()
    assert "<form" not in page.content.decode()


def test_a_closed_survey_refuses_and_says_it_has_ended(world, survey, respondent, helpers):
    token = _token(survey, world.users.admin)
    phone = respondent(token)
    phone.open()  # the page was opened before the office closed the survey
    actions.close_group(survey.group, actor=world.users.admin)
    assert "本次调查已结束" in phone.open().content.decode()
    response = phone.submit(helpers.answers(survey.q, world.unit_a))
    assert response.status_code == 409 and Response.objects.count() == 0
    assert not Invitation.objects.get().used


def test_an_unknown_link_is_refused_in_chinese(world, survey, client):
    page = client.get("/s/AAAAAAAAAAAAAAAA/")
    assert "链接无效" in page.content.decode()


def test_a_missing_required_answer_is_named_and_uses_nothing(world, survey, respondent, helpers):
    token = _token(survey, world.users.admin)
    phone = respondent(token)
    data = helpers.answers(survey.q, world.unit_a)
    del data[f"q{survey.q.q1.pk}"]
    response = phone.submit(data)
    assert response.status_code == 422
    assert "第1题为必答题" in response.content.decode()
    assert Response.objects.count() == 0 and not Invitation.objects.get().used
    # The page keeps what was typed: the answer to question 2 is still checked.
    assert 'value="否" checked' in response.content.decode()


def test_a_condition_shows_question_three_only_when_question_two_is_yes(world, survey, respondent, helpers):
    admin = world.users.admin
    # 是 without question 3 (required once shown) is refused; 否 without it is fine.
    phone = respondent(_token(survey, admin))
    refused = phone.submit(helpers.answers(survey.q, world.unit_a, business="是"))
    assert refused.status_code == 422 and "第3题为必答题" in refused.content.decode()
    ok = phone.submit(helpers.answers(survey.q, world.unit_a, business="是", kinds=["审批", "咨询"]))
    assert ok.status_code == 302
    assert sorted(Answer.objects.filter(question=survey.q.q3).values_list("value", flat=True)) == [
        "咨询",
        "审批",
    ]
    # A hidden question's answer is not stored.
    other = respondent(_token(survey, admin))
    other.submit(
        helpers.answers(survey.q, world.unit_a, business="否", kinds=["投诉"]), sid="another-submission-01"
    )
    assert not Answer.objects.filter(value="投诉").exists()


def test_an_invitation_for_one_unit_rates_that_unit(world, survey, respondent, helpers):
    token = _token(survey, world.users.admin, unit=world.unit_b)
    data = helpers.answers(survey.q, world.unit_a)
    del data["unit"]
    assert respondent(token).submit(data).status_code == 302
    assert Response.objects.get().unit == world.unit_b


def test_an_open_link_takes_answers_up_to_its_limit(world, survey, respondent, helpers):
    token = actions.create_open_link(survey.group, actor=world.users.admin, limit=2)
    phones = [respondent(token) for _ in range(3)]
    for phone in phones:
        phone.open()  # three people open the poster's link at once
    for i, phone in enumerate(phones[:2]):
        assert (
            phone.submit(helpers.answers(survey.q, world.unit_a), sid=f"open-link-answer-{i:05d}").status_code
            == 302
        )
    third = phones[2].submit(helpers.answers(survey.q, world.unit_a), sid="open-link-answer-00003")
    assert third.status_code == 409 and "名额已满" in third.content.decode()
    assert Response.objects.count() == 2


def test_too_many_submissions_from_one_invitation_are_refused_in_chinese(
    world, survey, respondent, helpers, settings
):
    settings.SURVEY_RATE_PER_INVITATION = 3
    phone = respondent(_token(survey, world.users.admin))
    codes = [phone.submit(helpers.answers(survey.q, world.unit_a)).status_code for _ in range(3)]
    assert codes[-1] == 429
    assert "过于频繁" in phone.submit(helpers.answers(survey.q, world.unit_a)).content.decode()


def test_too_many_requests_from_one_address_are_refused(world, survey, respondent, helpers, settings):
    settings.SURVEY_RATE_PER_ADDRESS = 2
    admin = world.users.admin
    assert respondent(_token(survey, admin)).open().status_code == 200
    assert respondent(_token(survey, admin)).open().status_code == 200
    assert "访问过于频繁" in respondent(_token(survey, admin)).open().content.decode()


def test_an_oversized_submission_is_refused_before_it_is_read(world, survey, respondent, helpers):
    phone = respondent(_token(survey, world.users.admin))
    data = helpers.answers(survey.q, world.unit_a, text="很" * 70000)
    response = phone.submit(data)
    assert response.status_code == 413 and "内容过大" in response.content.decode()
    assert Response.objects.count() == 0


def test_a_submission_without_the_csrf_token_is_refused(world, survey):
    from django.test import Client

    token = actions.issue_invitations(survey.group, actor=world.users.admin, count=1)[0][0]
    response = Client(enforce_csrf_checks=True).post("/s/submit/", {"token": token, "sid": "x" * 20})
    assert response.status_code == 403
    assert "请返回上一页,刷新后再提交" in response.content.decode()  # in Chinese, not Django's English page
    assert Response.objects.count() == 0


@pytest.mark.parametrize("field", ["token", "sid"])
def test_a_malformed_token_or_submission_id_stores_nothing(world, survey, respondent, helpers, field):
    phone = respondent(_token(survey, world.users.admin))
    phone.open()
    body = {
        "csrfmiddlewaretoken": phone.client.cookies["csrftoken"].value,
        "token": phone.token,
        "sid": "s" * 20,
    }
    body[field] = "bad token!"
    body.update(helpers.answers(survey.q, world.unit_a))
    response = phone.client.post("/s/submit/", body)
    assert response.status_code in (409, 422)
    assert Response.objects.count() == 0


def test_behind_the_proxy_each_respondent_has_its_own_address_limit(world, survey, respondent, settings):
    """Behind nginx every request comes from the proxy's address: the limit per address counts the address nginx
    forwards (from a trusted proxy only), so one busy survey does not lock everyone out."""
    settings.SURVEY_RATE_PER_ADDRESS = 2
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    admin = world.users.admin

    def open_from(address):
        phone = respondent(_token(survey, admin))
        return phone.client.get(f"/s/{phone.token}/", HTTP_X_FORWARDED_FOR=address, REMOTE_ADDR="127.0.0.1")

    assert "访问过于频繁" not in open_from("198.51.100.1").content.decode()
    assert "访问过于频繁" not in open_from("198.51.100.1").content.decode()
    assert "访问过于频繁" in open_from("198.51.100.1").content.decode()
    assert "访问过于频繁" not in open_from("198.51.100.2").content.decode()  # another phone behind the same proxy
    settings.TRUSTED_PROXIES = []  # the header of an untrusted sender is not believed: all share 127.0.0.1
    assert "访问过于频繁" not in open_from("198.51.100.3").content.decode()
    assert "访问过于频繁" not in open_from("198.51.100.4").content.decode()
    assert "访问过于频繁" in open_from("198.51.100.5").content.decode()
