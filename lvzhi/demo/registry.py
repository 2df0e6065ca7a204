"""The demo county's registry: 山东省 > 烟台市 > 莱阳市 and its 18 townships, the five categories, 75 units with
their 三定 (main duties, staffing quotas by kind, leadership posts), internal bodies with duties, posts and
persons (实名制), and one demo user per role.

Everything comes from `rng` (seeded by lvzhi.demo.build), so the same seed gives the same rows. Most units are
near their quota; a few have vacancies (空编), three are over quota on one staffing kind (超编) and one has more
deputy leaders than its 三定 allows. Rows are written with bulk_create and then given their "新增" audit
records with `record_bulk`, so every demo object has a history like objects entered by hand.

The words come from registry_texts, the numbers from staffing_plan.
"""

import datetime
import random
from collections import defaultdict

from lvzhi.audit.recorder import record_bulk
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
    refresh_staffing_summaries,
)

from . import county
from .accounts import create_demo_users
from .county import UnitSpec
from .names import person_name
from .registry_texts import (
    TEACHING_BODIES,
    body_duties,
    body_head_title,
    deputy_post_name,
    first_duty,
    head_post_name,
    is_school,
    last_duty,
    middle_duties,
    staff_post_role,
)
from .staffing_plan import DocumentNumbers, StaffingPlan, staffing_plans

MAX_DUTIES = 12


# ---------------------------------------------------------------------------------------------------------------
# The build


def _build_regions() -> Region:
    """山东省 > 烟台市 > 莱阳市 and its townships (a few rows: saved one by one, audited by the signals)."""
    province = Region.objects.create(
        code=county.PROVINCE[0], name=county.PROVINCE[1], level=Region.Level.PROVINCE
    )
    city = Region.objects.create(
        code=county.CITY[0], name=county.CITY[1], level=Region.Level.CITY, parent=province
    )
    laiyang = Region.objects.create(
        code=county.COUNTY[0], name=county.COUNTY[1], level=Region.Level.COUNTY, parent=city
    )
    for code, name in county.TOWNSHIPS:
        Region.objects.create(code=code, name=name, level=Region.Level.TOWNSHIP, parent=laiyang)
    return laiyang


def _build_categories() -> dict[str, Category]:
    return {
        code: Category.objects.create(code=code, name=name, order=order, description=description)
        for order, (code, name, description) in enumerate(county.CATEGORIES, start=1)
    }


def _birth_year(rng: random.Random, role: str) -> int:
    low, high = {
        "head": (1966, 1977),
        "deputy": (1968, 1986),
        "body_head": (1970, 1990),
        "body_deputy": (1978, 1993),
        "logistics": (1966, 1990),
    }.get(role, (1970, 2001))
    return rng.randint(low, high)


class Builder:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.specs = {spec.key: spec for spec in county.UNITS}
        self.units: dict[str, Unit] = {}
        self.sandings: list[SanDing] = []
        self.duties: list[MainDuty] = []
        self.quotas: list[StaffingQuota] = []
        self.leadership: list[LeadershipQuota] = []
        self.bodies: dict[str, list[InternalBody]] = {}
        self.posts: list[Post] = []
        self.persons: list[Person] = []
        self.situations: dict[str, str] = {}

    # Units ------------------------------------------------------------------------------------------------------
    def build_units(self, region: Region, categories: dict[str, Category]) -> None:
        units = [
            Unit(
                code=f"LY{i:03d}",
                name=spec.name,
                short_name=spec.short_name,
                kind=spec.kind,
                region=region,
                category=categories[spec.category],
                order=i * 10,
            )
            for i, spec in enumerate(county.UNITS, start=1)
        ]
        Unit.objects.bulk_create(units)
        self.units = {spec.key: unit for spec, unit in zip(county.UNITS, units, strict=True)}
        for spec in county.UNITS:
            if spec.parent:
                self.units[spec.key].parent = self.units[spec.parent]
        Unit.objects.bulk_update([self.units[s.key] for s in county.UNITS if s.parent], ["parent"])

    # 三定 ------------------------------------------------------------------------------------------------------
    def build_sandings(self, plans: dict[str, StaffingPlan]) -> None:
        rng = self.rng
        numbers = {
            (2019, "organ"): DocumentNumbers(rng, "莱办发", 2019, datetime.date(2019, 3, 18)),
            (2019, "institution"): DocumentNumbers(rng, "莱编发", 2019, datetime.date(2019, 6, 10)),
            (2023, "organ"): DocumentNumbers(rng, "莱办发", 2023, datetime.date(2023, 11, 20)),
            (2023, "institution"): DocumentNumbers(rng, "莱编发", 2023, datetime.date(2023, 12, 4)),
        }
        for spec in county.UNITS:
            unit, plan = self.units[spec.key], plans[spec.key]
            group = "institution" if spec.kind in county.INSTITUTIONS else "organ"
            revision = county.REVISED_2023.get(spec.key)
            title = f"《{spec.name}职能配置、内设机构和人员编制规定》"
            first, last = first_duty(spec), last_duty(spec, self.specs)
            room = MAX_DUTIES - 2 - (1 if revision else 0)
            middle = middle_duties(rng, spec, room)
            bodies_2019 = sum(1 for body in spec.bodies if not body.since_2023)
            if revision is None:
                self._sanding(
                    unit,
                    1,
                    numbers[(2019, group)].next(),
                    title,
                    [first, *middle, last],
                    plan.quotas,
                    plan,
                    len(spec.bodies),
                )
                continue
            change, new_duty = revision
            quotas_2019 = dict(plan.quotas)
            main = next(iter(quotas_2019))
            quotas_2019[main] = max(1, quotas_2019[main] - rng.randint(1, 3))
            self._sanding(
                unit,
                1,
                numbers[(2019, group)].next(),
                title,
                [first, *middle, last],
                quotas_2019,
                plan,
                bodies_2019,
                current=False,
            )
            self._sanding(
                unit,
                2,
                numbers[(2023, group)].next(),
                f"{title}（{change}）",
                [first, *middle, new_duty, last],
                plan.quotas,
                plan,
                len(spec.bodies),
            )

    def _sanding(self, unit, version, number_and_date, note, duties, quotas, plan, body_count, current=True):
        number, approved_on = number_and_date
        sanding = SanDing(
            unit=unit,
            version=version,
            document_number=number,
            approved_on=approved_on,
            is_current=current,
            note=note,
        )
        self.sandings.append(sanding)
        self.duties.extend(
            MainDuty(sanding=sanding, seq=i, text=text) for i, text in enumerate(duties, start=1)
        )
        self.quotas.extend(StaffingQuota(sanding=sanding, kind=k, approved=n) for k, n in quotas.items())
        leadership = {
            LeadershipLevel.UNIT_HEAD: 1,
            LeadershipLevel.UNIT_DEPUTY: plan.deputies,
            LeadershipLevel.BODY_HEAD: body_count,
            LeadershipLevel.BODY_DEPUTY: plan.body_deputies,
        }
        self.leadership.extend(
            LeadershipQuota(sanding=sanding, level=level, approved=n) for level, n in leadership.items() if n
        )

    # Internal bodies -------------------------------------------------------------------------------------------
    def build_bodies(self) -> None:
        for spec in county.UNITS:
            unit = self.units[spec.key]
            self.bodies[spec.key] = [
                InternalBody(
                    unit=unit,
                    code=f"{i:02d}",
                    name=body.name,
                    duties=body_duties(self.rng, spec, body),
                    order=i * 10,
                )
                for i, body in enumerate(spec.bodies, start=1)
            ]
        InternalBody.objects.bulk_create([body for spec in county.UNITS for body in self.bodies[spec.key]])

    # Posts and persons -----------------------------------------------------------------------------------------
    def build_staff(self, plans: dict[str, StaffingPlan]) -> None:
        for spec in county.UNITS:
            self._staff_unit(spec, plans[spec.key])
        Post.objects.bulk_create(self.posts)
        Person.objects.bulk_create(self.persons)

    def _staff_unit(self, spec: UnitSpec, plan: StaffingPlan) -> None:
        rng = self.rng
        unit = self.units[spec.key]
        bodies = self.bodies[spec.key]
        topics = {
            body.name: b.topic or county.STOCK_BODY_TOPICS[b.name]
            for body, b in zip(bodies, spec.bodies, strict=True)
        }
        main = next(iter(plan.quotas))
        # Active persons to place, by kind; leaders come from the main kind.
        pool = {kind: plan.actual.get(kind, 0) for kind in plan.quotas}
        seq = iter(range(1, 1000))
        posts_by_body: dict[str, int] = defaultdict(int)  # "L" for the unit's own leadership posts

        def new_post(name, duties, body=None, level=""):
            prefix = body.code if body is not None else "L"
            posts_by_body[prefix] += 1
            code = f"{unit.code}-{prefix}{posts_by_body[prefix]:02d}"
            post = Post(
                unit=unit, internal_body=body, code=code, name=name, duties=duties, leadership_level=level
            )
            self.posts.append(post)
            return post

        def new_person(post, kind, role, active=True):
            gender = "M" if rng.random() < (0.75 if role in {"head", "deputy"} else 0.5) else "F"
            if is_school(spec) and role == "staff" and rng.random() < 0.3:
                gender = "F"
            birth = _birth_year(rng, role)
            joined = min(birth + rng.randint(21, 27), 2025)
            self.persons.append(
                Person(
                    unit=unit,
                    post=post,
                    staff_no=f"{unit.code}-{next(seq):03d}",
                    name=person_name(rng, gender, birth),
                    gender=gender,
                    birth_year=birth,
                    staffing_kind=kind,
                    joined_on=datetime.date(joined, rng.randint(1, 12), rng.randint(1, 28)),
                    is_active=active,
                )
            )

        def fill(post, role):
            if pool[main] > 0:
                pool[main] -= 1
                new_person(post, main, role)

        # Unit leadership: the head, the deputies (one more than approved where the plan says so).
        fill(
            new_post(
                head_post_name(spec),
                "主持单位全面工作，负责党建和领导班子建设。",
                level=LeadershipLevel.UNIT_HEAD,
            ),
            "head",
        )
        deputies = plan.deputies + (1 if plan.extra_deputy else 0)
        portfolios: list[list[str]] = [[] for _ in range(deputies)]
        for i, body in enumerate(bodies):
            portfolios[i % deputies].append(body.name)
        leave_vacant = deputies - 1 if plan.situation == "空编较多" and rng.random() < 0.5 else None
        for i in range(deputies):
            post = new_post(
                deputy_post_name(spec),
                f"协助主要负责同志工作，分管{'、'.join(portfolios[i])}。",
                level=LeadershipLevel.UNIT_DEPUTY,
            )
            if i != leave_vacant:
                fill(post, "deputy")

        # Internal-body leaders: a head for each body, deputies for the larger ones.
        for body in bodies:
            title = body_head_title(spec, body.name)
            topic = topics[body.name]
            fill(
                new_post(
                    f"{body.name}{title}",
                    f"主持{body.name}全面工作，负责{topic}。",
                    body,
                    LeadershipLevel.BODY_HEAD,
                ),
                "body_head",
            )
        for body in [*bodies[1:], bodies[0]][: plan.body_deputies]:
            title = "副" + body_head_title(spec, body.name)
            fill(
                new_post(
                    f"{body.name}{title}", f"协助做好{body.name}工作。", body, LeadershipLevel.BODY_DEPUTY
                ),
                "body_deputy",
            )

        # Everyone else on staff posts, more of them in the bodies with a field of work (in a school: where the
        # teaching is); 工勤 in the first body (办公室 or 综合科).
        weights = [
            12
            if is_school(spec) and body.name in TEACHING_BODIES
            else 1
            if body.name in county.STOCK_BODY_TOPICS
            else 2
            for body in bodies
        ]
        for kind in plan.quotas:
            for _ in range(pool[kind]):
                if kind == StaffingKind.LOGISTICS:
                    body = bodies[0]
                    post = new_post(
                        f"{body.name}{staff_post_role(rng, spec, kind, body.name)}",
                        "承担公务用车驾驶和机关后勤保障工作。",
                        body,
                    )
                    new_person(post, kind, "logistics")
                    continue
                (body,) = rng.choices(bodies, weights)
                role = staff_post_role(rng, spec, kind, body.name)
                post = new_post(f"{body.name}{role}", f"承担{topics[body.name]}相关具体工作。", body)
                new_person(post, kind, "staff")
            pool[kind] = 0
        # Units with vacancies keep a few posts open for recruitment.
        if plan.situation == "空编较多":
            for _ in range(rng.randint(1, 2)):
                body = rng.choice(bodies)
                new_post(
                    f"{body.name}{staff_post_role(rng, spec, main, body.name)}",
                    "岗位空缺，待补充人员。",
                    body,
                )
        # Some units still list a person who has left (调出), no longer counted.
        if rng.random() < 0.15:
            new_person(None, main, "staff", active=False)
        self.situations[spec.key] = plan.situation

    # Audit ------------------------------------------------------------------------------------------------------
    def record_history(self) -> int:
        objects = [
            *(self.units[spec.key] for spec in county.UNITS),
            *self.sandings,
            *self.duties,
            *self.quotas,
            *self.leadership,
            *(body for spec in county.UNITS for body in self.bodies[spec.key]),
            *self.posts,
            *self.persons,
        ]
        return record_bulk("create", objects)


def build(rng: random.Random, stdout=None) -> None:
    laiyang = _build_regions()
    categories = _build_categories()
    builder = Builder(rng)
    plans = staffing_plans(rng)
    builder.build_units(laiyang, categories)
    builder.build_sandings(plans)
    SanDing.objects.bulk_create(builder.sandings)
    MainDuty.objects.bulk_create(builder.duties)
    StaffingQuota.objects.bulk_create(builder.quotas)
    LeadershipQuota.objects.bulk_create(builder.leadership)
    builder.build_bodies()
    builder.build_staff(plans)
    builder.record_history()
    refresh_staffing_summaries()  # bulk_create sends no signals: count the per-unit staffing summaries once
    users = create_demo_users({unit.name: unit for unit in builder.units.values()})

    if stdout is not None:
        active = sum(1 for p in builder.persons if p.is_active)
        stdout.write(
            f"莱阳市演示数据：{len(builder.units)} 个单位、{len(builder.sandings)} 份三定规定、"
            f"{sum(len(b) for b in builder.bodies.values())} 个内设机构、{len(builder.posts)} 个岗位、"
            f"{active} 名在编人员；演示账号 {len(users)} 个。\n"
        )
        special = defaultdict(list)
        for spec in county.UNITS:
            if builder.situations[spec.key] != "正常":
                special[builder.situations[spec.key]].append(spec.short_name)
        for situation, names in special.items():
            stdout.write(f"  {situation}：{'、'.join(names)}\n")
