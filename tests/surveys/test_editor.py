"""The office edits a draft questionnaire: changes a question's text, options, required and condition, moves
questions up and down (page and API); a frozen version refuses with a reason; each change is in the audit log."""

from lvzhi.audit.models import AuditEvent
from lvzhi.surveys.models import Question
from tests.api.conftest import ApiClient


def _texts(version):
    return [q.text for q in version.ordered_questions()]


def test_the_office_edits_and_reorders_a_draft_on_the_page(world, helpers, login):
    admin = world.users.admin
    version, qs = helpers.build_questionnaire(admin, "编辑测试问卷")
    client = login(admin)
    base = f"/surveys/questionnaires/{version.questionnaire_id}/v{version.number}"
    page = client.get(f"{base}/").content.decode()
    assert "上移" in page and "下移" in page and f"{base}/questions/{qs.q2.pk}/edit/" in page
    form = client.get(f"{base}/questions/{qs.q2.pk}/edit/").content.decode()
    assert "近一年是否到该单位办理过业务" in form
    saved = client.post(f"{base}/questions/{qs.q2.pk}/edit/", {
        "text": "近一年是否办理过业务", "kind": "single", "options": "是\n否\n记不清", "required": "",
        "section": "办事体验", "scale": "",
    })  # fmt: skip
    assert saved.status_code == 302
    q2 = Question.objects.get(pk=qs.q2.pk)
    assert (q2.text, q2.options, q2.required) == ("近一年是否办理过业务", ["是", "否", "记不清"], False)
    # Removing the option 是 that question 3's condition uses is refused, naming question 3.
    refused = client.post(f"{base}/questions/{qs.q2.pk}/edit/", {"text": "近一年是否办理过业务", "kind": "single",
                                                                "options": "否\n记不清"})  # fmt: skip
    assert refused.status_code == 200 and "第3题的显示条件" in refused.content.decode()
    assert Question.objects.get(pk=qs.q2.pk).options == ["是", "否", "记不清"]
    # Question 5 moves up to be question 4; question 1 down to 2.
    assert client.post(f"{base}/questions/{qs.q5.pk}/move/", {"direction": "up"}).status_code == 302
    assert client.post(f"{base}/questions/{qs.q1.pk}/move/", {"direction": "down"}).status_code == 302
    assert _texts(version) == ["近一年是否办理过业务", "您对该单位履职情况的总体评价", "办理的是哪类业务",
                               "办事效率评分", "意见和建议"]  # fmt: skip
    assert [q.order for q in version.ordered_questions()] == [1, 2, 3, 4, 5]
    # The page numbers the questions as their conditions do (section headings are not counted).
    shown = client.get(f"{base}/").content.decode()
    assert '<span class="q-number">4.</span> 办事效率评分' in shown and "仅当第1题选择「是」时显示" in shown
    # Question 3 depends on question 2 (now first): it cannot move above it.
    client.post(f"{base}/questions/{qs.q3.pk}/move/", {"position": "1"}, follow=True)
    assert _texts(version)[0] == "近一年是否办理过业务"
    moved = AuditEvent.objects.filter(event_type="surveys.question_moved")
    assert moved.count() == 2
    assert AuditEvent.objects.filter(object_id=str(qs.q2.pk), action="update").exists()


def test_a_frozen_version_refuses_edits_and_moves_with_a_reason(world, survey, login):
    admin = world.users.admin
    version, qs = survey.version, survey.q
    base = f"/surveys/questionnaires/{version.questionnaire_id}/v{version.number}"
    client = login(admin)
    page = client.get(f"{base}/").content.decode()
    assert "上移" not in page and "/edit/" not in page
    moved = client.post(f"{base}/questions/{qs.q5.pk}/move/", {"direction": "up"}, follow=True)
    assert "已冻结" in moved.content.decode()
    assert Question.objects.get(pk=qs.q5.pk).order == 5
    api = ApiClient(admin)
    path = f"/api/surveys/questionnaires/{version.questionnaire_id}/v{version.number}/questions/{qs.q5.pk}"
    refused = api.put(path, {"text": "改", "kind": "text"})
    assert refused.status_code == 409 and "已冻结" in refused.json()["detail"]
    assert api.post(f"{path}/move", {"direction": "up"}).status_code == 409
    assert Question.objects.get(pk=qs.q5.pk).text == "办事效率评分"


def test_the_api_edits_moves_and_deletes_questions_of_a_draft(world, helpers):
    admin = world.users.admin
    version, qs = helpers.build_questionnaire(admin, "接口编辑问卷")
    api = ApiClient(admin)
    base = f"/api/surveys/questionnaires/{version.questionnaire_id}/v{version.number}/questions"
    edited = api.put(f"{base}/{qs.q4.pk}", {"text": "其他意见", "kind": "text", "required": True})
    assert edited.status_code == 200, edited.content
    assert edited.json()["text"] == "其他意见" and edited.json()["required"] is True
    moved = api.post(f"{base}/{qs.q4.pk}/move", {"position": 1})
    assert moved.status_code == 200 and moved.json()["questions"][0]["text"] == "其他意见"
    bad = api.post(f"{base}/{qs.q4.pk}/move", {"position": 9})
    assert bad.status_code == 422 and "第1题至第5题" in str(bad.json())
    # Question 2 is the condition of question 3: deleting it is refused until question 3 changes.
    assert api.delete(f"{base}/{qs.q2.pk}").status_code == 422
    assert api.delete(f"{base}/{qs.q3.pk}").status_code == 204
    assert api.delete(f"{base}/{qs.q2.pk}").status_code == 204
    assert [q.order for q in version.ordered_questions()] == [1, 2, 3]
    assert (
        ApiClient(world.users.committee).put(f"{base}/{qs.q4.pk}", {"text": "x", "kind": "text"}).status_code
        == 403
    )
