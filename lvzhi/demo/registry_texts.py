"""The words of the demo registry: main duties of each unit, duties of its internal bodies, titles and post
names, written from templates so that each unit reads like its real counterpart."""

import random

from lvzhi.registry.models import (
    StaffingKind,
    UnitKind,
)

from . import county
from .county import UnitSpec


def is_school(spec: UnitSpec) -> bool:
    return spec.head_title == "校长" and spec.key != "dx"


def _duty_style(spec: UnitSpec) -> str:
    if is_school(spec):
        return "school"
    if spec.kind in county.INSTITUTIONS:
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


def first_duty(spec: UnitSpec) -> str:
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


def last_duty(spec: UnitSpec, specs_by_key: dict[str, UnitSpec]) -> str:
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


def middle_duties(rng: random.Random, spec: UnitSpec, room: int) -> list[str]:
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


def body_duties(rng: random.Random, spec: UnitSpec, body: county.BodySpec) -> str:
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


def head_post_name(spec: UnitSpec) -> str:
    if spec.kind == UnitKind.GOVERNMENT or spec.kind == UnitKind.JUDICIAL:
        return f"党组书记、{spec.head_title}"
    return spec.head_title


def deputy_post_name(spec: UnitSpec) -> str:
    title = "副" + spec.head_title
    if spec.kind == UnitKind.GOVERNMENT or spec.kind == UnitKind.JUDICIAL:
        return f"党组成员、{title}"
    return title


def body_head_title(spec: UnitSpec, body_name: str) -> str:
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


def staff_post_role(rng: random.Random, spec: UnitSpec, kind: str, body_name: str) -> str:
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
        if is_school(spec):
            return "专任教师" if body_name in TEACHING_BODIES else "管理岗"
        return "专业技术岗" if rng.random() < 0.6 else "管理岗"
    return "科员"
