"""Surveys: a campaign in the multi-party stage over unit_a and unit_b with the third party on a team; a draft
questionnaire version and a frozen one; a respondent group per state (draft on the draft version, open and
closed on the frozen one), each with one answer sheet holding an open answer (minimum 1 answer sheet, so that
the open answer is listed and can become a finding). The state picks the version or
the group: a version route in a group state acts on the frozen version, a group route in "frozen" on the open
group."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.campaigns import actions as campaign_actions
from lvzhi.campaigns.models import Campaign, Stage
from lvzhi.surveys import actions
from lvzhi.surveys.models import Answer, Response
from lvzhi.surveys.policy import POLICY
from tests.campaigns.conftest import publish_scheme
from tests.policy.harness import Route, Target, World
from tests.surveys.conftest import SURVEY_SCHEME, build_questionnaire

from .base import users_by_role

GROUP_STATES = {"draft": "draft", "frozen": "open", "open": "open", "closed": "closed"}


class SurveysWorld(World):
    policy = POLICY

    def __init__(self, base):
        self.users = users_by_role(base)
        u = base.users
        version = publish_scheme({**SURVEY_SCHEME, "code": "policy-survey"}, u.admin)
        campaign = campaign_actions.create_campaign(
            actor=u.admin, name="问卷活动", year=2026, scheme_version=version, categories=[base.service],
            deadlines={Stage.FEEDBACK: datetime.date(2099, 12, 31)},
        )  # fmt: skip
        campaign_actions.save_team(
            campaign, actor=u.admin, kind="third_party", name="第三方", members=[u.third_party]
        )
        while campaign.stage != Stage.MULTI_PARTY:
            campaign = campaign_actions.close_stage(campaign, actor=u.admin, force=True, reason="测试推进")
        self.campaign = Campaign.objects.get(pk=campaign.pk)
        frozen, self.questions = build_questionnaire(u.admin, "冻结的问卷")
        draft, self.draft_questions = build_questionnaire(u.admin, "草稿问卷")
        self.versions = {"draft": draft, "frozen": frozen}
        self.groups, self.answers = {}, {}
        units = [base.unit_a, base.unit_b]
        self.unit = base.unit_a
        for state, version in (("draft", draft), ("open", frozen), ("closed", frozen)):
            group = actions.create_group(self.campaign, actor=u.admin, version=version, units=units,
                                         name=f"群体-{state}", leaf_code="C1", min_answers=1)  # fmt: skip
            response = Response.objects.create(
                group=group, unit=base.unit_a, submission_key=f"policy-{state}"
            )
            questions = self.draft_questions if state == "draft" else self.questions
            self.answers[state] = Answer.objects.create(response=response, question=questions.q4, text="意见")
            if state != "draft":
                actions.open_group(group, actor=u.admin)
            if state == "closed":
                actions.close_group(group, actor=u.admin)
            self.groups[state] = group

    def target(self, route: Route, action: str, state):
        group = self.groups[GROUP_STATES[state]]
        version = self.versions["draft" if state == "draft" else "frozen"]
        questions = self.draft_questions if version is self.versions["draft"] else self.questions
        params = {
            "pk": group.pk, "campaign_id": self.campaign.pk, "number": version.number, "qid": questions.q5.pk,
            "what": "raw" if action == "export_raw" else "summary", "fmt": "csv",
            "answer_id": self.answers[GROUP_STATES[state]].pk,
        }  # fmt: skip
        if "number" in route.params:
            params["pk"] = version.questionnaire_id
            body = {}
            if route.kind == "api" and action == "edit_questionnaire":
                body = {"direction": "up"} if route.path.endswith("/move") else {"text": "新题", "kind": "text"}
            return Target(version, params, body)
        if "campaign_id" in route.params:
            body = {}
            if route.kind == "api" and action == "manage_groups":
                body = {"name": "新群体", "questionnaire_id": version.questionnaire_id, "version": version.number,
                        "unit_ids": [self.unit.pk]}  # fmt: skip
            return Target(self.campaign, params, body)
        if "pk" not in route.params:
            body = {"title": "新问卷"} if route.kind == "api" and action == "create_questionnaire" else {}
            return Target(None, params, body)
        if route.kind == "api":
            return self._api_target(route, action, group, version, params)
        body = {}
        if action == "make_finding":
            body = {
                "unit": self.unit.pk,
                "category": "other",
                "severity": "medium",
                "title": "群众反映办事慢",
            }
        elif action == "issue_invitations":
            body = {"count": 1, "limit": 5}
        elif action == "import_results":
            body = {"file": SimpleUploadedFile("r.csv", "单位代码,满意\n".encode(), content_type="text/csv")}
        return Target(group, params, body)

    def _api_target(self, route: Route, action: str, group, version, params):
        if action == "issue_invitations":
            return Target(group, params, {"count": 1})
        if action == "import_results":
            upload = SimpleUploadedFile("r.csv", "单位代码,满意\n".encode(), content_type="text/csv")
            return Target(group, params, {"file": upload}, multipart=True)
        return Target(group, params, {})
