"""The demo county: what `make run` shows a new user must look like a real county's registry."""

import random
import re
from collections import Counter

import pytest
from django.db.models import F

from lvzhi.accounts.models import Role, User
from lvzhi.audit.context import audit_context
from lvzhi.audit.models import AuditEvent
from lvzhi.demo import registry
from lvzhi.demo.accounts import DEMO_PASSWORD
from lvzhi.registry.models import (
    Category,
    InternalBody,
    LeadershipLevel,
    Person,
    Post,
    Region,
    SanDing,
    StaffingKind,
    Unit,
    UnitKind,
)
from lvzhi.registry.staffing import unit_staffing

LAIYANG_CATEGORIES = ["党群系统", "政务服务", "城乡建设", "司法监督", "教学科研"]
ORGAN_KINDS = {
    UnitKind.PARTY,
    UnitKind.GOVERNMENT,
    UnitKind.PEOPLES_CONGRESS,
    UnitKind.CPPCC,
    UnitKind.MASS_ORG,
}
INSTITUTION_KINDS = {UnitKind.DIRECT_INSTITUTION, UnitKind.SUBORDINATE_INSTITUTION}


@pytest.fixture
def demo(db):
    """The demo registry built from the default seed, as `lvzhi load_demo` builds it."""
    with audit_context(reason="演示数据", source="demo"):
        registry.build(random.Random("2026:lvzhi.demo.registry"))


def test_the_county_sits_in_shandong_and_yantai_with_its_eighteen_townships(demo):
    laiyang = Region.objects.get(code="370682")
    assert laiyang.name == "莱阳市"
    assert laiyang.level == Region.Level.COUNTY
    assert [laiyang.parent.name, laiyang.parent.parent.name] == ["烟台市", "山东省"]
    townships = list(laiyang.children.values_list("name", flat=True))
    assert len(townships) == 18
    assert {"城厢街道", "古柳街道", "穴坊镇", "山前店镇"} <= set(townships)
    assert all(name.endswith(("街道", "镇")) for name in townships)
    assert all(r.path.startswith("370000/370600/370682/") for r in laiyang.children.all())


def test_there_are_seventy_five_units_in_the_five_laiyang_categories(demo):
    assert list(Category.objects.values_list("name", flat=True)) == LAIYANG_CATEGORIES
    assert Unit.objects.count() == 75
    per_category = Counter(Unit.objects.values_list("category__name", flat=True))
    assert set(per_category) == set(LAIYANG_CATEGORIES)
    assert all(n >= 8 for n in per_category.values()), per_category
    assert not Unit.objects.exclude(region__code="370682").exists()
    assert len(set(Unit.objects.values_list("name", flat=True))) == 75


def test_units_are_of_the_right_kinds_and_named_as_real_ones_are(demo):
    units = {u.name: u for u in Unit.objects.select_related("category", "parent")}
    assert all("莱阳" in name for name in units)
    for unit in units.values():
        if unit.kind == UnitKind.PARTY:
            assert unit.name.startswith("中共莱阳市"), unit.name
        if unit.kind == UnitKind.GOVERNMENT:
            assert unit.name.startswith("莱阳市") and unit.name.endswith(("局", "办公室")), unit.name
        # 下属事业单位 have a 主管部门; nothing else does.
        assert (unit.parent is not None) == (unit.kind == UnitKind.SUBORDINATE_INSTITUTION), unit.name
    kinds = Counter(u.kind for u in units.values())
    assert kinds[UnitKind.GOVERNMENT] >= 20
    assert kinds[UnitKind.PARTY] >= 6
    for kind in (UnitKind.PEOPLES_CONGRESS, UnitKind.CPPCC, UnitKind.JUDICIAL, UnitKind.MASS_ORG):
        assert kinds[kind] >= 1, kind
    assert kinds[UnitKind.DIRECT_INSTITUTION] >= 5
    assert kinds[UnitKind.SUBORDINATE_INSTITUTION] >= 3

    expected = {
        "中共莱阳市委组织部": ("党委部门", "党群系统"),
        "中共莱阳市委机构编制委员会办公室": ("党委部门", "党群系统"),
        "莱阳市总工会": ("群团机关", "党群系统"),
        "莱阳市发展和改革局": ("政府工作部门", "政务服务"),
        "莱阳市住房和城乡建设局": ("政府工作部门", "城乡建设"),
        "莱阳市公安局": ("政府工作部门", "司法监督"),
        "莱阳市人民法院": ("审判检察机关", "司法监督"),
        "莱阳市教育和体育局": ("政府工作部门", "教学科研"),
        "莱阳市融媒体中心": ("直属事业单位", "党群系统"),
    }
    for name, (kind, category) in expected.items():
        assert (units[name].get_kind_display(), units[name].category.name) == (kind, category)
    assert units["莱阳市第一中学"].parent.name == "莱阳市教育和体育局"


def test_every_unit_has_a_current_sanding_with_duties_quotas_and_leadership_posts(demo):
    for unit in Unit.objects.prefetch_related(
        "sandings__main_duties", "sandings__quotas", "sandings__leadership_quotas", "internal_bodies"
    ):
        current = [s for s in unit.sandings.all() if s.is_current]
        assert len(current) == 1, unit.name
        sanding = current[0]
        duties = [d.text for d in sanding.main_duties.all()]
        assert 5 <= len(duties) <= 12, (unit.name, len(duties))
        assert len(set(duties)) == len(duties), unit.name
        assert duties[-1].endswith(("其他任务。", "其他事项。")), unit.name
        assert re.fullmatch(r"莱(办|编)发〔(2019|2023)〕\d+号", sanding.document_number), (
            sanding.document_number
        )
        assert sanding.approved_on.year == int(sanding.document_number[4:8])

        quotas = {q.kind: q.approved for q in sanding.quotas.all()}
        main = sum(quotas.values()) - quotas.get(StaffingKind.LOGISTICS, 0)
        assert 8 <= main <= 80, (unit.name, quotas)
        if unit.kind in ORGAN_KINDS:
            assert StaffingKind.ADMINISTRATIVE in quotas, unit.name
        if unit.kind in INSTITUTION_KINDS:
            assert StaffingKind.PUBLIC_INSTITUTION in quotas, unit.name
        if unit.kind == UnitKind.JUDICIAL:
            assert StaffingKind.POLITICAL_LEGAL in quotas, unit.name

        bodies = list(unit.internal_bodies.all())
        assert 4 <= len(bodies) <= 12, unit.name
        assert all(body.duties.endswith("。") for body in bodies), unit.name
        leaders = {q.level: q.approved for q in sanding.leadership_quotas.all()}
        assert leaders[LeadershipLevel.UNIT_HEAD] == 1
        assert 2 <= leaders[LeadershipLevel.UNIT_DEPUTY] <= 4
        assert leaders[LeadershipLevel.BODY_HEAD] == len(bodies), unit.name


def test_a_few_units_keep_their_2019_sanding_as_history_under_a_2023_version(demo):
    revised = Unit.objects.filter(sandings__version=2).distinct()
    assert {u.name for u in revised} >= {"莱阳市发展和改革局", "莱阳市农业农村局"}
    for unit in revised:
        old, new = unit.sandings.get(version=1), unit.sandings.get(version=2)
        assert (old.is_current, new.is_current) == (False, True)
        assert old.approved_on.year == 2019 and new.approved_on.year == 2023
        assert new.main_duties.count() == old.main_duties.count() + 1
    assert SanDing.objects.filter(version=1, is_current=True).count() == 75 - revised.count()


def test_staffing_shows_most_units_near_quota_some_vacancies_and_a_few_over(demo):
    figures = unit_staffing(Unit.objects.all())
    names = dict(Unit.objects.values_list("pk", "short_name"))
    near = [uid for uid, s in figures.items() if s.over_total == 0 and s.vacancy_total <= 2]
    vacant = [names[uid] for uid, s in figures.items() if s.vacancy_total >= 3]
    over = [names[uid] for uid, s in figures.items() if s.over_total > 0]
    leaders_over = [names[uid] for uid, s in figures.items() if s.leadership_over_total > 0]

    assert len(near) >= 50
    assert 5 <= len(vacant) <= 15, vacant
    assert 2 <= len(over) <= 3, over
    assert len(leaders_over) == 1, leaders_over
    # Over quota on one staffing kind only, never across the board.
    assert all(len(figures[uid].over) == 1 for uid, s in figures.items() if s.over_total)
    total = sum(s.actual_total for s in figures.values())
    assert 1000 <= total <= 3000


def test_every_post_and_person_belongs_to_its_units_bodies_and_posts(demo):
    assert (
        not Post.objects.exclude(internal_body__isnull=True).exclude(internal_body__unit=F("unit")).exists()
    )
    assert not Person.objects.exclude(post__isnull=True).exclude(post__unit=F("unit")).exists()
    assert Person.objects.filter(is_active=True, post__isnull=True).count() == 0
    # One person per post; every leadership post of a unit head is filled.
    per_post = Counter(Person.objects.exclude(post__isnull=True).values_list("post_id", flat=True))
    assert max(per_post.values()) == 1
    heads = Post.objects.filter(leadership_level=LeadershipLevel.UNIT_HEAD)
    assert heads.count() == 75
    assert not heads.filter(persons__isnull=True).exists()
    # Names look like Chinese names: a surname and one or two characters.
    names = list(Person.objects.values_list("name", flat=True))
    assert all(re.fullmatch(r"[\u4e00-\u9fff]{2,3}", name) for name in names)
    assert len(set(names)) > len(names) * 0.6
    assert InternalBody.objects.filter(name="办公室").count() >= 40


def test_demo_rows_have_a_created_history_with_the_demo_reason(demo):
    unit = Unit.objects.get(name="莱阳市发展和改革局")
    event = AuditEvent.objects.for_object(unit).get()
    assert (event.action, event.reason, event.source) == ("create", "演示数据", "demo")
    assert event.after["name"] == "莱阳市发展和改革局"
    unit_events = AuditEvent.objects.filter(unit_id=unit.pk, action="create")
    rows = (
        1
        + unit.sandings.count()
        + sum(
            s.main_duties.count() + s.quotas.count() + s.leadership_quotas.count()
            for s in unit.sandings.all()
        )
        + unit.internal_bodies.count()
        + unit.posts.count()
        + unit.persons.count()
    )
    assert unit_events.count() == rows


def test_there_is_one_demo_user_per_role_with_the_demo_password_and_the_right_scope(demo):
    users = {u.username: u for u in User.objects.all()}
    assert set(users) == {"pinggu", "lianluo", "lingdao", "bianwei", "disanfang"}
    assert {u.role for u in users.values()} == {
        Role.EVALUATOR,
        Role.UNIT_CONTACT,
        Role.LEADER,
        Role.COMMITTEE,
        Role.THIRD_PARTY,
    }
    for user in users.values():
        assert user.check_password(DEMO_PASSWORD), user.username
        assert re.fullmatch(r"[\u4e00-\u9fff]{2,3}", user.full_name)
    assert list(Unit.objects.visible_to(users["lianluo"]).values_list("name", flat=True)) == [
        "莱阳市发展和改革局"
    ]
    assert 3 <= Unit.objects.visible_to(users["pinggu"]).count() <= 8
    assert Unit.objects.visible_to(users["lingdao"]).count() == 10
    assert Unit.objects.visible_to(users["bianwei"]).count() == 75
