"""The demo county's registry: 山东省 > 烟台市 > 莱阳市 and its 18 townships, the five categories, 75 units with
their 三定 (main duties, staffing quotas by kind, leadership posts), internal bodies with duties, posts and
persons (实名制), and one demo user per role.

Everything comes from `rng` (seeded by lvzhi.demo.build), so the same seed gives the same rows. Most units are
near their quota; a few have vacancies (空编), three are over quota on one staffing kind (超编) and one has more
deputy leaders than its 三定 allows. Rows are written with bulk_create and then given their "新增" audit
records with `record_bulk`, so every demo object has a history like objects entered by hand.
"""

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass

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
    UnitKind,
    refresh_staffing_summaries,
)

from . import county
from .accounts import create_demo_users
from .county import UnitSpec
from .names import person_name

INSTITUTIONS = {UnitKind.DIRECT_INSTITUTION, UnitKind.SUBORDINATE_INSTITUTION}
ORGANS = {UnitKind.PARTY, UnitKind.GOVERNMENT, UnitKind.PEOPLES_CONGRESS, UnitKind.CPPCC, UnitKind.DISPATCHED}
MAX_DUTIES = 12

# How many units get which staffing situation (the rest are near their quota).
OVER_QUOTA_UNITS = 3
LEADERSHIP_OVER_UNITS = 1
VACANCY_UNITS = 9


# ---------------------------------------------------------------------------------------------------------------
# Duty texts


def _is_school(spec: UnitSpec) -> bool:
    return spec.head_title == "校长" and spec.key != "dx"


def _duty_style(spec: UnitSpec) -> str:
    if _is_school(spec):
        return "school"
    if spec.kind in INSTITUTIONS:
        return "institution"
    return spec.kind


MAIN_DUTY_TEMPLATES = {
    "government": [
        "负责全市{t}工作的统筹协调和监督管理。",
        "拟订全市{t}的政策措施和发展规划，并组织实施和监督检查。",
        "组织、指导和协调全市{t}工作，研究解决工作中的重大问题。",
        "承担{t}的综合管理工作，完善相关制度和标准规范。",
        "负责{t}工作，指导镇街和有关部门开展相关工作。",
    ],
    "party": [
        "负责{t}工作，研究提出加强和改进相关工作的意见建议并督促落实。",
        "统筹协调全市{t}工作，组织开展调查研究。",
        "承担{t}工作，指导镇街和市直部门单位开展相关工作。",
        "负责全市{t}的组织实施和督促检查。",
    ],
    "congress": [
        "承担{t}工作。",
        "负责{t}的组织协调和服务保障。",
        "协助开展{t}，提出意见建议。",
    ],
    "mass_org": [
        "组织开展{t}工作。",
        "负责{t}，维护{members}的合法权益。",
        "指导镇街和基层组织开展{t}工作。",
    ],
    "judicial": [
        "依法负责{t}工作。",
        "承担{t}工作，落实司法责任制。",
        "负责{t}工作，规范司法行为，提升办案质效。",
    ],
    "institution": [
        "承担全市{t}的具体实施工作。",
        "开展{t}相关服务，为{field}工作提供技术支撑。",
        "承担{t}的业务管理和服务保障工作。",
        "参与拟订{t}相关规划和技术规范，组织开展业务培训。",
    ],
    "school": [
        "负责{t}工作。",
        "组织开展{t}，提高办学质量。",
        "做好{t}工作，服务学生全面发展。",
    ],
}
MAIN_DUTY_TEMPLATES["dispatched"] = MAIN_DUTY_TEMPLATES["government"]
MAIN_DUTY_TEMPLATES["cppcc"] = MAIN_DUTY_TEMPLATES["congress"]

GOVERNMENT_EXTRA_DUTIES = [
    "负责本行业领域安全生产、生态环境保护和审批服务便民化等相关工作，落实“管行业必须管安全”要求。",
    "推进{field}领域数字化建设，加强政务数据共享和开发利用。",
    "负责本部门权责清单的动态管理，依法履行监督管理职责，加强事中事后监管。",
]

BODY_DUTY_OPENINGS = ["负责{t}工作", "承担{t}相关工作", "组织开展{t}工作"]
BODY_DUTY_CLAUSES = {
    "organ": [
        "拟订有关工作制度和年度计划并组织实施",
        "研究提出相关政策建议",
        "承担相关统计分析和信息报送工作",
        "承担相关事项的监督检查工作",
        "负责相关业务档案和资料管理",
        "协调解决工作中的重要问题",
    ],
    "government": ["指导镇街开展相关工作", "承担相关领域权责清单事项的具体实施"],
    "judicial": [
        "依法办理相关案件",
        "承担相关案件的统计分析和质量评查工作",
        "负责相关业务档案管理",
    ],
    "institution": [
        "承担相关技术服务和业务咨询",
        "开展相关业务培训和指导",
        "负责相关业务档案和资料管理",
        "承担相关信息统计和分析工作",
    ],
}


def _first_duty(spec: UnitSpec) -> str:
    f = spec.field
    style = _duty_style(spec)
    if style == "party":
        return (
            f"贯彻落实党中央关于{f}工作的方针政策和决策部署，落实省委、烟台市委和市委工作要求，"
            f"在履行职责过程中坚持和加强党对{f}工作的集中统一领导。"
        )
    if style in {"government", "dispatched"}:
        return (
            f"贯彻执行党中央、国务院和省委、省政府，烟台市委、市政府关于{f}工作的方针政策和决策部署，"
            f"落实市委、市政府工作要求，在履行职责过程中坚持和加强党对{f}工作的集中统一领导。"
        )
    if style == "congress":
        return (
            "坚持党的领导，贯彻落实党中央和省委、烟台市委、市委决策部署，"
            "为市人民代表大会及其常务委员会依法行使职权提供服务保障。"
        )
    if style == "cppcc":
        return (
            "坚持党的领导，贯彻落实党中央和省委、烟台市委、市委决策部署，"
            "为市政协履行政治协商、民主监督、参政议政职能提供服务保障。"
        )
    if style == "judicial":
        return (
            f"坚持党对{f}工作的绝对领导，贯彻落实党中央和省委、烟台市委、市委关于政法工作的决策部署，"
            f"依法独立公正行使{f}权。"
        )
    if style == "mass_org":
        members = county.MASS_ORG_MEMBERS[spec.key]
        return (
            f"坚持党的领导，贯彻落实党中央关于{f}工作的方针政策和省委、烟台市委、市委工作要求，"
            f"团结引导{members}听党话、跟党走。"
        )
    if style == "school":
        return f"全面贯彻党的教育方针，落实立德树人根本任务，坚持社会主义办学方向，依法依规开展{f}。"
    return f"贯彻落实党中央、省委、烟台市委和市委关于{f}工作的决策部署，坚持公益属性，做好{f}公益服务。"


def _last_duty(spec: UnitSpec, specs_by_key: dict[str, UnitSpec]) -> str:
    if spec.parent:
        return f"完成{specs_by_key[spec.parent].short_name}交办的其他任务。"
    return {
        UnitKind.PARTY: "完成市委交办的其他任务。",
        UnitKind.MASS_ORG: "完成市委交办的其他任务。",
        UnitKind.PEOPLES_CONGRESS: "完成市人大常委会交办的其他任务。",
        UnitKind.CPPCC: "完成市政协交办的其他任务。",
        UnitKind.JUDICIAL: "承办法律规定和上级机关交办的其他事项。",
    }.get(spec.kind, "完成市委、市政府交办的其他任务。")


def _cycle(rng: random.Random, templates: list[str]):
    """Templates in a shuffled order, reshuffled each round, so neighbouring duties read differently."""
    while True:
        order = templates[:]
        rng.shuffle(order)
        yield from order


def _middle_duties(rng: random.Random, spec: UnitSpec, room: int) -> list[str]:
    """The unit's own duties, one per internal body's field of work, plus a few common ones for departments."""
    style = _duty_style(spec)
    members = county.MASS_ORG_MEMBERS.get(spec.key, "")
    templates = _cycle(rng, MAIN_DUTY_TEMPLATES[style])
    # One duty per field of work (three 纪检监察室 share one), at most `room`.
    topics = list(dict.fromkeys(body.topic for body in spec.bodies if body.topic and not body.since_2023))[
        :room
    ]
    duties = [next(templates).format(t=t, field=spec.field, members=members) for t in topics]
    if style == "government":
        extras = GOVERNMENT_EXTRA_DUTIES[:]
        rng.shuffle(extras)
        for text in extras[: rng.randint(0, 2)]:
            if len(duties) < room:
                duties.append(text.format(field=spec.field))
    return duties


def _body_duties(rng: random.Random, spec: UnitSpec, body: county.BodySpec) -> str:
    if not body.topic:
        return county.STOCK_BODY_DUTIES[body.name] + "。"
    style = _duty_style(spec)
    if style in {"institution", "school"}:
        clauses = BODY_DUTY_CLAUSES["institution"]
    elif style == "judicial":
        clauses = BODY_DUTY_CLAUSES["judicial"]
    elif style in {"government", "dispatched"}:
        clauses = BODY_DUTY_CLAUSES["organ"] + BODY_DUTY_CLAUSES["government"]
    else:
        clauses = BODY_DUTY_CLAUSES["organ"]
    parts = [rng.choice(BODY_DUTY_OPENINGS).format(t=body.topic), *rng.sample(clauses, rng.randint(1, 2))]
    return "；".join(parts) + "。"


# ---------------------------------------------------------------------------------------------------------------
# Titles and post names


def _head_post_name(spec: UnitSpec) -> str:
    if spec.kind == UnitKind.GOVERNMENT or spec.kind == UnitKind.JUDICIAL:
        return f"党组书记、{spec.head_title}"
    return spec.head_title


def _deputy_post_name(spec: UnitSpec) -> str:
    title = "副" + spec.head_title
    if spec.kind == UnitKind.GOVERNMENT or spec.kind == UnitKind.JUDICIAL:
        return f"党组成员、{title}"
    return title


def _body_head_title(spec: UnitSpec, body_name: str) -> str:
    for suffix, title in (
        ("大队", "大队长"),
        ("科", "科长"),
        ("庭", "庭长"),
        ("组", "组长"),
        ("所", "所长"),
        ("局", "局长"),
    ):
        if body_name.endswith(suffix):
            return title
    if body_name.endswith("部") and spec.kind == UnitKind.MASS_ORG:
        return "部长"
    return "主任"  # 办公室, 研究室, 政治部, 教务处, 指挥中心, 工作委员会 …


TEACHING_BODIES = {"教务处", "教研室", "政教处", "康复训练室"}


def _staff_post_role(rng: random.Random, spec: UnitSpec, kind: str, body_name: str) -> str:
    if kind == StaffingKind.LOGISTICS:
        return rng.choice(["驾驶员", "工勤技能岗"])
    if body_name in county.STOCK_BODY_TOPICS or body_name in {"政治部", "政工室"}:
        return (
            "管理岗"
            if kind == StaffingKind.PUBLIC_INSTITUTION
            else "综合岗"
            if spec.key in {"fy", "jcy", "gaj"}
            else "科员"
        )
    if spec.key == "fy":
        return rng.choice(["审判员", "法官助理", "书记员"])
    if spec.key == "jcy":
        return rng.choice(["检察官", "检察官助理"])
    if spec.key == "gaj":
        return "民警"
    if kind == StaffingKind.PUBLIC_INSTITUTION:
        if _is_school(spec):
            return "专任教师" if body_name in TEACHING_BODIES else "管理岗"
        return "专业技术岗" if rng.random() < 0.6 else "管理岗"
    return "科员"


# ---------------------------------------------------------------------------------------------------------------
# Staffing plan per unit


@dataclass
class StaffingPlan:
    quotas: dict[str, int]  # approved headcount by staffing kind (current 三定)
    actual: dict[str, int]  # active persons by staffing kind
    deputies: int  # approved unit deputies
    body_deputies: int  # approved internal-body deputies
    extra_deputy: bool = False  # one deputy more than approved (领导职数超配)
    situation: str = "正常"  # 正常, 空编较多, 超编 or 领导职数超配


def _main_kind(spec: UnitSpec) -> str:
    if spec.kind == UnitKind.JUDICIAL or spec.key == "gaj":
        return StaffingKind.POLITICAL_LEGAL
    if spec.kind in INSTITUTIONS:
        return StaffingKind.PUBLIC_INSTITUTION
    return StaffingKind.ADMINISTRATIVE


def _quotas(rng: random.Random, spec: UnitSpec) -> dict[str, int]:
    main = _main_kind(spec)
    quotas = {main: spec.size}
    if spec.key == "gaj":
        quotas[StaffingKind.ADMINISTRATIVE] = 6
    elif spec.key == "sfj":  # 司法所 staff are on 政法专项编制
        quotas[StaffingKind.ADMINISTRATIVE] = spec.size - 8
        quotas[StaffingKind.POLITICAL_LEGAL] = 8
    elif spec.key == "kfq":
        quotas[StaffingKind.PUBLIC_INSTITUTION] = 12
    if spec.kind == UnitKind.JUDICIAL:
        quotas[StaffingKind.LOGISTICS] = rng.randint(2, 4)
    elif spec.kind in INSTITUTIONS:
        if rng.random() < 0.25:
            quotas[StaffingKind.LOGISTICS] = rng.randint(1, 2)
    elif rng.random() < 0.55:
        quotas[StaffingKind.LOGISTICS] = rng.randint(1, 3)
    # Keep the kinds in their usual order: 行政, 政法专项, 事业, 工勤.
    return {kind: quotas[kind] for kind in StaffingKind.values if kind in quotas}


def _plans(rng: random.Random) -> dict[str, StaffingPlan]:
    plans = {}
    for spec in county.UNITS:
        quotas = _quotas(rng, spec)
        deputies = 2 if spec.size <= 10 else 3 if spec.size <= 20 else 4
        body_deputies = max(1, round(len(spec.bodies) * rng.uniform(0.3, 0.6))) if spec.size >= 14 else 0
        plans[spec.key] = StaffingPlan(
            quotas=quotas, actual={}, deputies=deputies, body_deputies=body_deputies
        )

    keys = [spec.key for spec in county.UNITS]
    chosen = rng.sample(keys, OVER_QUOTA_UNITS + VACANCY_UNITS)
    over, vacant = chosen[:OVER_QUOTA_UNITS], chosen[OVER_QUOTA_UNITS:]
    lead_candidates = [k for k in keys if k not in chosen and plans[k].deputies <= 3]
    lead_over = rng.sample(lead_candidates, LEADERSHIP_OVER_UNITS)

    for spec in county.UNITS:
        plan = plans[spec.key]
        main = _main_kind(spec)
        for kind, approved in plan.quotas.items():
            if kind == main:
                vacancy = rng.choice([0, 0, 1, 1, 1, 2])
                if spec.key in vacant:
                    vacancy = max(3, round(approved * rng.uniform(0.15, 0.3)))
            else:
                vacancy = rng.choice([0, 0, 1])
            plan.actual[kind] = max(0, approved - vacancy)
        if spec.key in vacant:
            plan.situation = "空编较多"
        if spec.key in over:
            kind = main
            if StaffingKind.LOGISTICS in plan.quotas and rng.random() < 0.5:
                kind = StaffingKind.LOGISTICS
            excess = rng.randint(1, 3) if kind == main else 1
            plan.actual[kind] = plan.quotas[kind] + excess
            plan.situation = "超编"
        if spec.key in lead_over:
            plan.extra_deputy = True
            plan.situation = "领导职数超配"
    return plans


# ---------------------------------------------------------------------------------------------------------------
# Documents


class DocumentNumbers:
    """莱办发〔2019〕23号-style numbers with their dates, in issuing order."""

    def __init__(self, rng: random.Random, prefix: str, year: int, first_day: datetime.date):
        self.rng = rng
        self.prefix = prefix
        self.year = year
        self.number = rng.randint(8, 15)
        self.day = first_day

    def next(self) -> tuple[str, datetime.date]:
        number, day = f"{self.prefix}〔{self.year}〕{self.number}号", self.day
        self.number += self.rng.randint(1, 3)
        self.day += datetime.timedelta(days=self.rng.randint(0, 3))
        return number, day


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
            group = "institution" if spec.kind in INSTITUTIONS else "organ"
            revision = county.REVISED_2023.get(spec.key)
            title = f"《{spec.name}职能配置、内设机构和人员编制规定》"
            first, last = _first_duty(spec), _last_duty(spec, self.specs)
            room = MAX_DUTIES - 2 - (1 if revision else 0)
            middle = _middle_duties(rng, spec, room)
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
                    duties=_body_duties(self.rng, spec, body),
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
            if _is_school(spec) and role == "staff" and rng.random() < 0.3:
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
                _head_post_name(spec),
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
                _deputy_post_name(spec),
                f"协助主要负责同志工作，分管{'、'.join(portfolios[i])}。",
                level=LeadershipLevel.UNIT_DEPUTY,
            )
            if i != leave_vacant:
                fill(post, "deputy")

        # Internal-body leaders: a head for each body, deputies for the larger ones.
        for body in bodies:
            title = _body_head_title(spec, body.name)
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
            title = "副" + _body_head_title(spec, body.name)
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
            if _is_school(spec) and body.name in TEACHING_BODIES
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
                        f"{body.name}{_staff_post_role(rng, spec, kind, body.name)}",
                        "承担公务用车驾驶和机关后勤保障工作。",
                        body,
                    )
                    new_person(post, kind, "logistics")
                    continue
                (body,) = rng.choices(bodies, weights)
                role = _staff_post_role(rng, spec, kind, body.name)
                post = new_post(f"{body.name}{role}", f"承担{topics[body.name]}相关具体工作。", body)
                new_person(post, kind, "staff")
            pool[kind] = 0
        # Units with vacancies keep a few posts open for recruitment.
        if plan.situation == "空编较多":
            for _ in range(rng.randint(1, 2)):
                body = rng.choice(bodies)
                new_post(
                    f"{body.name}{_staff_post_role(rng, spec, main, body.name)}",
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
    plans = _plans(rng)
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
