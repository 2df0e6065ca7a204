"""The surveys API does what the pages do, under the same table: the office builds a questionnaire, sets up a
group, opens it and issues invitations; results withhold small figures; other roles are refused or see 404."""

from lvzhi.surveys.models import Invitation
from tests.api.conftest import ApiClient


def test_the_office_runs_a_survey_through_the_api(world, camp, respondent, helpers):
    office = ApiClient(world.users.admin)
    created = office.post("/api/surveys/questionnaires", {"title": "相关职能部门评价问卷"})
    assert created.status_code == 201, created.content
    qid, number = created.json()["questionnaire_id"], created.json()["number"]
    question = office.post(f"/api/surveys/questionnaires/{qid}/v{number}/questions",
                           {"text": "协作配合总体评价", "kind": "satisfaction", "scores": True})  # fmt: skip
    assert question.status_code == 201 and question.json()["choices"] == ["满意", "基本满意", "不满意"]
    group = office.post(f"/api/surveys/campaigns/{camp.pk}/groups", {
        "name": "相关职能部门", "questionnaire_id": qid, "version": number, "unit_ids": [world.unit_a.pk],
        "invitations_planned": 6, "weight": "30",
    })  # fmt: skip
    assert group.status_code == 201, group.content
    gid = group.json()["id"]
    assert office.post(f"/api/surveys/groups/{gid}/open").json()["status"] == "open"
    # The version is frozen now: adding a question is refused with 409.
    frozen = office.post(f"/api/surveys/questionnaires/{qid}/v{number}/questions", {"text": "新题", "kind": "text"})
    assert frozen.status_code == 409
    links = office.post(f"/api/surveys/groups/{gid}/invitations", {"count": 3}).json()["links"]
    assert len(links) == 3 and all(len(link.rstrip("/").rsplit("/", 1)[1]) == 16 for link in links)
    assert Invitation.objects.filter(group_id=gid).count() == 3
    token = links[0].rstrip("/").rsplit("/", 1)[1]
    page = respondent(token)
    page.open()
    body = {f"q{question.json()['id']}": ["满意"]}
    assert page.submit(body, sid="api-flow-submission-1").status_code == 302
    results = office.get(f"/api/surveys/groups/{gid}/results").json()
    assert results["units"][0]["answers"] == 1 and results["units"][0]["hidden"] is True
    assert results["units"][0]["satisfaction"] is None
    listed = office.get(f"/api/surveys/campaigns/{camp.pk}/groups").json()
    assert listed[0]["responses"] == 1 and listed[0]["issued"] == 3


def test_other_roles_are_refused_or_see_nothing(world, camp, survey):
    gid = survey.group.pk
    assert ApiClient(world.users.committee).get(f"/api/surveys/groups/{gid}/results").status_code == 200
    assert ApiClient(world.users.committee).post(f"/api/surveys/groups/{gid}/close").status_code == 403
    assert ApiClient(world.users.contact_a).get(f"/api/surveys/groups/{gid}/results").status_code == 404
    assert ApiClient(world.users.third_party).get(f"/api/surveys/groups/{gid}/results").status_code == 404
    refused = ApiClient(world.users.evaluator).post("/api/surveys/questionnaires", {"title": "问卷"})
    assert refused.status_code == 403 and refused.json()["detail"] == "只有编办管理员可以新建问卷。"
