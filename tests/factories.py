"""Small, explicit builders for tests. `make_registry_world()` gives the named objects most tests need."""

from types import SimpleNamespace

from lvzhi.accounts.models import Role, User
from lvzhi.registry.models import (
    Category,
    InternalBody,
    LeadershipLevel,
    LeadershipQuota,
    MainDuty,
    Person,
    Post,
    Region,
    SanDing,
    StaffingKind,
    StaffingQuota,
    Unit,
    UnitKind,
)

PASSWORD = "Lvzhi-test-2026"


def make_user(username, role, unit=None, scope_units=(), **extra):
    user = User.objects.create_user(
        username=username, password=PASSWORD, role=role, unit=unit, full_name=extra.pop("full_name", username), **extra
    )
    if scope_units:
        user.scope_units.set(scope_units)
    return user


def make_unit(code, name, region, category, kind=UnitKind.GOVERNMENT, quotas=None, parent=None):
    unit = Unit.objects.create(code=code, name=name, kind=kind, region=region, category=category, parent=parent)
    sanding = SanDing.objects.create(unit=unit, version=1, document_number=f"莱编〔2019〕{code[-2:]}号")
    MainDuty.objects.create(sanding=sanding, seq=1, text=f"负责{name}职责范围内的政策制定和组织实施。")
    for kind, approved in (quotas or {StaffingKind.ADMINISTRATIVE: 10, StaffingKind.LOGISTICS: 2}).items():
        StaffingQuota.objects.create(sanding=sanding, kind=kind, approved=approved)
    LeadershipQuota.objects.create(sanding=sanding, level=LeadershipLevel.UNIT_HEAD, approved=1)
    LeadershipQuota.objects.create(sanding=sanding, level=LeadershipLevel.UNIT_DEPUTY, approved=3)
    return unit


def make_registry_world():
    province = Region.objects.create(code="370000", name="山东省", level=Region.Level.PROVINCE)
    city = Region.objects.create(code="370600", name="烟台市", level=Region.Level.CITY, parent=province)
    laiyang = Region.objects.create(code="370682", name="莱阳市", level=Region.Level.COUNTY, parent=city)
    haiyang = Region.objects.create(code="370687", name="海阳市", level=Region.Level.COUNTY, parent=city)
    party = Category.objects.create(code="DQ", name="党群系统", order=1)
    service = Category.objects.create(code="ZW", name="政务服务", order=2)

    unit_a = make_unit("LY001", "莱阳市发展和改革局", laiyang, service)
    unit_b = make_unit("LY002", "莱阳市民政局", laiyang, service)
    unit_c = make_unit("HY001", "海阳市委宣传部", haiyang, party, kind=UnitKind.PARTY)

    office = InternalBody.objects.create(unit=unit_a, code="01", name="办公室", duties="负责机关日常运转。")
    planning = InternalBody.objects.create(unit=unit_a, code="02", name="规划科", duties="负责国民经济规划。")
    head_post = Post.objects.create(
        unit=unit_a, code="A-01", name="局长", leadership_level=LeadershipLevel.UNIT_HEAD
    )
    clerk_post = Post.objects.create(unit=unit_a, internal_body=office, code="A-02", name="文秘岗")
    Person.objects.create(
        unit=unit_a, post=head_post, staff_no="P0001", name="王建国", staffing_kind=StaffingKind.ADMINISTRATIVE
    )
    Person.objects.create(
        unit=unit_a, post=clerk_post, staff_no="P0002", name="李秀英", staffing_kind=StaffingKind.ADMINISTRATIVE
    )
    Person.objects.create(unit=unit_b, staff_no="P0003", name="张伟", staffing_kind=StaffingKind.ADMINISTRATIVE)

    users = SimpleNamespace(
        admin=make_user("admin", Role.ADMIN, full_name="赵管理"),
        evaluator=make_user("evaluator", Role.EVALUATOR, scope_units=[unit_a], full_name="钱评估"),
        contact_a=make_user("contact_a", Role.UNIT_CONTACT, unit=unit_a, full_name="孙联络"),
        contact_b=make_user("contact_b", Role.UNIT_CONTACT, unit=unit_b, full_name="李联络"),
        leader=make_user("leader", Role.LEADER, scope_units=[unit_a, unit_b], full_name="周领导"),
        committee=make_user("committee", Role.COMMITTEE, full_name="吴编委"),
        third_party=make_user("third_party", Role.THIRD_PARTY, full_name="郑第三方"),
    )
    return SimpleNamespace(
        province=province,
        city=city,
        laiyang=laiyang,
        haiyang=haiyang,
        party=party,
        service=service,
        unit_a=unit_a,
        unit_b=unit_b,
        unit_c=unit_c,
        office=office,
        planning=planning,
        head_post=head_post,
        clerk_post=clerk_post,
        users=users,
        password=PASSWORD,
    )
