"""Leader ratings are confidential to the rated unit: each rating and who gave it is seen by the office, the
committee and the leader who gave it; the unit's contact (and the evaluators) see only the points the ratings
add up to in the result — in the pages, the API and the audit log alike."""

import importlib

import pytest
from django.urls import reverse

from lvzhi.accounts.models import Role
from lvzhi.audit.models import AuditEvent
from lvzhi.campaigns import actions, scoring
from lvzhi.campaigns.models import LeaderRating, Stage
from tests.factories import make_user

from .conftest import advance, cu_of, text_evidence

WITHHELD = "领导评价的逐人评价仅编办、编委会和评价领导本人可见,此处只显示折算得分。"


@pytest.fixture
def rated(world, camp):
    """Unit A rated by two leaders (周领导: 优秀/良好, 冯领导: 一般 for H1), results out for feedback."""
    u = world.users
    second = make_user("leader2", Role.LEADER, scope_units=[world.unit_a], full_name="冯领导")
    actions.assign(camp, actor=u.admin, user=second, units=[world.unit_a], kind="leader")
    camp = advance(camp, Stage.SELF_ASSESSMENT, u.admin)
    cu = cu_of(camp, world.unit_a)
    actions.save_self_assessment(
        cu, actor=u.contact_a, scores={("A1", ""): "18", ("A2", ""): "18", ("A3", ""): "18"}, report="报告"
    )
    text_evidence(cu, u.contact_a)
    actions.submit_self_assessment(cu, actor=u.contact_a)
    camp = advance(camp, Stage.MULTI_PARTY, u.admin)
    actions.rate_unit(camp, actor=u.leader, unit=world.unit_a, period="H1", rating="优秀", comment="工作扎实")
    actions.rate_unit(camp, actor=u.leader, unit=world.unit_a, period="H2", rating="良好")
    actions.rate_unit(camp, actor=second, unit=world.unit_a, period="H1", rating="一般", comment="有待加强")
    camp = advance(camp, Stage.SCORING, u.admin)
    scoring.compute(camp, actor=u.admin)
    camp = advance(camp, Stage.FEEDBACK, u.admin)
    return camp, second


def result_url(camp, unit):
    return reverse("campaigns:unit_result", kwargs={"pk": camp.pk, "unit_id": unit.pk})


def a4(tree):
    return next(n for n in scoring._nodes(tree["indicators"]) if n["code"] == "A4")


def test_only_the_office_the_committee_and_the_rating_leader_see_individual_ratings(world, rated):
    camp, second = rated
    u = world.users

    def seen(user):
        return sorted(
            (r.leader.username, r.period, r.rating)
            for r in LeaderRating.objects.visible_to(user).filter(campaign=camp)
        )

    everything = [("leader", "H1", "优秀"), ("leader", "H2", "良好"), ("leader2", "H1", "一般")]
    assert seen(u.admin) == everything
    assert seen(u.committee) == everything
    assert seen(u.leader) == everything[:2]
    assert seen(second) == [("leader2", "H1", "一般")]
    for user in (u.contact_a, u.contact_b, u.evaluator, u.third_party):
        assert seen(user) == [], user.username


def test_the_ratings_api_lists_only_ones_own_ratings_to_a_leader_and_refuses_contacts_and_evaluators(
    world, rated, api
):
    camp, second = rated
    u = world.users
    assert len(api(u.admin).get(f"campaigns/{camp.pk}/ratings").json()) == 3
    assert len(api(u.committee).get(f"campaigns/{camp.pk}/ratings").json()) == 3
    mine = api(second).get(f"campaigns/{camp.pk}/ratings").json()
    assert [(r["period"], r["rating"]) for r in mine] == [("H1", "一般")]
    for user in (u.contact_a, u.evaluator):
        response = api(user).get(f"campaigns/{camp.pk}/ratings")
        assert response.status_code == 403
        assert response.json()["detail"] == "领导评价仅编办、编委会和评价领导本人可以查看。"


def test_the_ratings_page_is_refused_to_the_unit_contact_and_the_evaluator(world, rated, login):
    camp, _ = rated
    page = reverse("campaigns:ratings", kwargs={"pk": camp.pk})
    for user in (world.users.contact_a, world.users.evaluator):
        assert login(user).get(page).status_code == 403
    office = login(world.users.admin).get(page).content.decode()
    assert "周领导" in office and "冯领导" in office and "有待加强" in office


def test_the_contact_sees_its_total_and_the_rating_points_but_not_who_rated_or_how_on_the_page(
    world, rated, login
):
    camp, _ = rated
    office = login(world.users.admin).get(result_url(camp, world.unit_a)).content.decode()
    contact = login(world.users.contact_a).get(result_url(camp, world.unit_a)).content.decode()
    total = scoring.UnitResult.objects.get(campaign=camp, unit=world.unit_a).total
    for html in (office, contact):
        assert f'data-testid="unit-total">{total:.2f}<' in html
    assert "周领导" in office and "冯领导" in office and "工作扎实" in office
    assert "原始数据:H1：优秀、一般" in office  # the ratings in words, not `{'H1': ['优秀', '一般']}`
    assert WITHHELD not in office
    for secret in ("周领导", "冯领导", "工作扎实", "有待加强", "H1：优秀", "&#x27;H1&#x27;"):
        assert secret not in contact, secret
    assert WITHHELD in contact
    # The leader-rating row still shows its points: H1 (优秀 100, 一般 60 → 80%) and H2 (良好 80%) of 10 → 8.
    assert "A4 领导评价" in contact
    assert a4(scoring.explanation_for(world.users.contact_a, _row(camp, world.unit_a))[0])["points"] == 8


def _row(camp, unit):
    return scoring.UnitResult.objects.select_related("scheme_version", "unit").get(campaign=camp, unit=unit)


def test_a_rating_leader_sees_his_own_rating_in_the_result_but_not_another_leaders(world, rated, login):
    camp, _ = rated
    html = login(world.users.leader).get(result_url(camp, world.unit_a)).content.decode()
    assert "周领导" in html and "工作扎实" in html
    assert "冯领导" not in html and "有待加强" not in html
    assert WITHHELD in html  # the labels of every rater together would show the other leader's rating


def test_the_result_api_gives_the_contact_the_points_without_ratings_or_raters(world, rated, api):
    camp, _ = rated
    path = f"campaigns/{camp.pk}/units/{world.unit_a.pk}/result"
    office = api(world.users.admin).get(path).json()
    contact = api(world.users.contact_a).get(path).json()
    assert contact["total"] == office["total"] is not None
    assert contact["grade"] == office["grade"]
    assert sorted((r["who"], r["period"], r["rating"]) for r in office["leader_ratings"]) == [
        ("冯领导", "H1", "一般"),
        ("周领导", "H1", "优秀"),
        ("周领导", "H2", "良好"),
    ]
    assert office["inputs"]["values"]["A4"] == {"H1": ["优秀", "一般"], "H2": ["良好"]}
    assert a4(office["result"])["input"] == {"H1": ["优秀", "一般"], "H2": ["良好"]}
    assert contact["leader_ratings"] == []
    assert "A4" not in contact["inputs"]["values"]
    node = a4(contact["result"])
    assert node["points"] == a4(office["result"])["points"] == 8
    assert "input" not in node and node["withheld"] == WITHHELD
    # A period's score is its ratings' points (one leader's in H2): only the weights stay.
    assert node["periods"] == {"H1": {"weight": 50}, "H2": {"weight": 50}}
    assert all("score" in period for period in a4(office["result"])["periods"].values())
    assert "周领导" not in str(contact) and "冯领导" not in str(contact)
    # Other inputs keep their sources and authors.
    assert contact["sources"]["A1"][0]["self_by"] == "孙联络"


@pytest.mark.usefixtures("rated")
def test_rating_events_stay_out_of_the_units_audit_history_but_administrators_see_them(world, api, login):
    events = AuditEvent.objects.filter(content_type__model="leaderrating")
    assert events.count() == 3  # three ratings entered
    assert set(events.values_list("unit_id", flat=True)) == {None}
    contact_api = api(world.users.contact_a).get("audit/events", {"model": "campaigns.leaderrating"}).json()
    assert contact_api["count"] == 0
    admin_api = api(world.users.admin).get("audit/events", {"model": "campaigns.leaderrating"}).json()
    assert admin_api["count"] == events.count()
    contact_page = login(world.users.contact_a).get(reverse("audit:event_list")).content.decode()
    assert "周领导 评" not in contact_page and "冯领导 评" not in contact_page
    admin_page = login(world.users.admin).get(reverse("audit:event_list")).content.decode()
    assert "冯领导 评" in admin_page
    # The contact still sees its own unit's history (its self-assessment).
    assert "孙联络" in contact_page


def test_rating_events_written_before_the_rule_are_detached_from_the_unit(world, rated):
    from django.apps import apps

    event = AuditEvent.objects.filter(content_type__model="leaderrating").first()
    AuditEvent.objects.filter(pk=event.pk).update(unit_id=world.unit_a.pk)
    migration = importlib.import_module("lvzhi.campaigns.migrations.0002_leader_ratings_leave_unit_history")
    migration.detach(apps, None)
    event.refresh_from_db()
    assert event.unit_id is None
