"""Demo part: duties and the three lists of the demo county (莱阳市).

- Decomposition: every unit's internal bodies take up its 三定 main duties, each duty with two or three tasks on
  the bodies' posts; a few units are left with a main duty not yet decomposed and tasks without a post, so the
  coverage check has something to show.
- The provincial and the city catalogue (三级四同: twenty items of every type, one withdrawn), and the power list
  of eight departments (some items localised from those catalogues), with a
  history: items added in 2024, changed and cancelled in 2025, one delegated down to 古柳街道 — published.
- Boundary items (one without a lead unit: a gap), territorial items, an upper-level notice pending claims
  (one unit claimed, one overdue), and the overlap review's candidates from a scan (some worded alike by two
  departments on purpose).

Everything goes through lvzhi.duties.actions, so it is audited like any change.
"""

from __future__ import annotations

import datetime
from typing import Any

from lvzhi.accounts.models import Role, User
from lvzhi.registry.models import Region, Unit

from . import actions
from .models import CatalogueItem, PowerItem

D = datetime.date
NAMES = {
    "fgj": "莱阳市发展和改革局",
    "mzj": "莱阳市民政局",
    "scjg": "莱阳市市场监督管理局",
    "zrj": "莱阳市自然资源和规划局",
    "zjj": "莱阳市住房和城乡建设局",
    "nyj": "莱阳市农业农村局",
    "zfj": "莱阳市综合行政执法局",
}
# (unit, code, name, type, initiation, basis, responsibilities, catalogue code or "")
POWER = [
    (
        "fgj",
        "XK-001",
        "企业投资项目核准",
        "licensing",
        "application",
        "《企业投资项目核准和备案管理条例》第三条、第六条",
        "受理、审查、决定、送达;对核准项目进行监督检查。",
        "370000-XK-0101",
    ),
    (
        "fgj",
        "CF-001",
        "对价格违法行为的行政处罚",
        "penalty",
        "ex_officio",
        "《中华人民共和国价格法》第三十九条至第四十二条",
        "立案、调查、审查、告知、决定、送达、执行。",
        "",
    ),
    (
        "mzj",
        "XK-001",
        "养老机构备案",
        "confirmation",
        "application",
        "《中华人民共和国老年人权益保障法》第四十三条",
        "负责养老机构的备案和监督管理,指导养老服务机构提升服务质量。",
        "",
    ),
    (
        "mzj",
        "GF-001",
        "最低生活保障金给付",
        "payment",
        "application",
        "《社会救助暂行办法》第九条至第十二条",
        "审核确认、资金发放、动态管理。",
        "370000-GF-0003",
    ),
    (
        "scjg",
        "XK-001",
        "食品经营许可",
        "licensing",
        "application",
        "《中华人民共和国食品安全法》第三十五条",
        "受理、审查、决定、送达、事中事后监管。",
        "370000-XK-0310",
    ),
    (
        "scjg",
        "JC-001",
        "食用农产品市场销售质量安全监督检查",
        "inspection",
        "ex_officio",
        "《中华人民共和国农产品质量安全法》第六十一条",
        "负责食用农产品进入批发、零售市场或者生产加工企业后的质量安全监督管理。",
        "",
    ),
    (
        "nyj",
        "JC-001",
        "农产品质量安全监督检查",
        "inspection",
        "ex_officio",
        "《中华人民共和国农产品质量安全法》第五十条",
        "负责食用农产品从种植养殖环节到进入批发、零售市场或生产加工企业前的质量安全监督管理。",
        "",
    ),
    (
        "nyj",
        "CF-001",
        "对违反《生猪屠宰管理条例》行为的处罚",
        "penalty",
        "ex_officio",
        "《生猪屠宰管理条例》第三十一条",
        "负责生猪等畜禽屠宰行业的监督管理。",
        "",
    ),
    (
        "zrj",
        "CF-001",
        "对非法占用土地行为的处罚",
        "penalty",
        "ex_officio",
        "《中华人民共和国土地管理法》第七十七条",
        "负责查处非法占用耕地建房等违反土地管理法律法规的行为。",
        "",
    ),
    (
        "zrj",
        "XK-001",
        "建设项目用地预审与选址意见书核发",
        "licensing",
        "application",
        "《中华人民共和国土地管理法》第五十二条",
        "受理、审查、决定、送达。",
        "370000-XK-0502",
    ),
    (
        "zfj",
        "CF-001",
        "对乡村违法建设行为的处罚",
        "penalty",
        "ex_officio",
        "《中华人民共和国城乡规划法》第六十五条",
        "依法查处乡村违法建设和未经批准占用耕地建房行为。",
        "",
    ),
    (
        "zfj",
        "CF-002",
        "对餐饮服务经营者油烟排放的处罚",
        "penalty",
        "ex_officio",
        "《中华人民共和国大气污染防治法》第一百一十八条",
        "对城区餐饮服务经营者排放油烟污染行为实施行政处罚。",
        "",
    ),
    (
        "zjj",
        "JC-001",
        "建筑施工扬尘污染防治监督检查",
        "inspection",
        "ex_officio",
        "《中华人民共和国大气污染防治法》第六十九条",
        "负责房屋建筑和市政工程施工工地扬尘污染防治的监督管理。",
        "",
    ),
    (
        "zjj",
        "XK-001",
        "建筑工程施工许可",
        "licensing",
        "application",
        "《中华人民共和国建筑法》第七条",
        "受理、审查、决定、送达。",
        "370000-XK-0701",
    ),
    (
        "scjg",
        "JC-002",
        "食品生产经营监督检查",
        "inspection",
        "ex_officio",
        "《中华人民共和国食品安全法》第一百一十条",
        "制定年度监督检查计划,对食品生产经营者实施日常监督检查和飞行检查。",
        "370000-JC-0312",
    ),
    (
        "zfj",
        "CF-003",
        "对在城市道路两侧和公共场地堆放物料、擅自摆摊设点的处罚",
        "penalty",
        "ex_officio",
        "《城市市容和环境卫生管理条例》第三十六条",
        "对城区主次干道两侧的占道经营、乱堆乱放行为实施行政处罚。",
        "370600-CF-0002",
    ),
]
LICENSING_DUTIES = (
    "1.受理责任:公示依法应当提交的材料,一次性告知补正材料,依法受理或不予受理。\n2.审查责任:对申请材料进行审查,"
    "提出审查意见。\n3.决定责任:作出准予或不予许可的决定,不予许可的说明理由。\n4.送达责任:制发并送达许可文书,"
    "信息公开。\n5.事后监管责任:对被许可人从事许可事项的活动进行监督检查。"
)
PENALTY_DUTIES = (
    "1.立案责任。2.调查责任:全面、客观、公正地调查取证。3.审查责任。4.告知责任:告知拟作出的处罚及陈述、申辩、"
    "听证的权利。5.决定责任。6.送达责任。7.执行责任。"
)
ACCOUNTABILITY = (
    "因不履行或不正确履行行政职责,有下列情形之一的,行政机关及其工作人员应当承担相应责任:1.对符合条件的申请不予"
    "受理、不予办理或者不在法定期限内办理的;2.违反法定程序实施的;3.索取或者收受他人财物、谋取其他利益的;"
    "4.其他违反法律法规规章的情形。"
)
# (level "province"/"city", code, name, type, initiation, basis, in use)
CATALOGUE = [
    ("province", "370000-XK-0101", "企业投资项目核准", "licensing", "application",
     "《企业投资项目核准和备案管理条例》第三条、第六条", True),
    ("province", "370000-GF-0003", "最低生活保障金给付", "payment", "application",
     "《社会救助暂行办法》第九条至第十二条", True),
    ("province", "370000-GF-0004", "特困人员救助供养金给付", "payment", "application",
     "《社会救助暂行办法》第十四条至第十九条", True),
    ("province", "370000-QR-0005", "最低生活保障对象家庭经济状况核对", "confirmation", "application",
     "《社会救助暂行办法》第十一条", True),
    ("province", "370000-JL-0006", "对在社会救助工作中作出显著成绩的单位、个人给予表彰奖励", "reward", "ex_officio",
     "《社会救助暂行办法》第八条", True),
    ("province", "370000-XK-0310", "食品经营许可", "licensing", "application",
     "《中华人民共和国食品安全法》第三十五条", True),
    ("province", "370000-XK-0311", "食品生产许可", "licensing", "application",
     "《中华人民共和国食品安全法》第三十五条", True),
    ("province", "370000-JC-0312", "食品生产经营监督检查", "inspection", "ex_officio",
     "《中华人民共和国食品安全法》第一百一十条", True),
    ("province", "370000-CF-0313", "对生产经营不符合食品安全标准食品的处罚", "penalty", "ex_officio",
     "《中华人民共和国食品安全法》第一百二十四条", True),
    ("province", "370000-QZ-0314", "查封、扣押不符合食品安全标准的食品", "coercion", "ex_officio",
     "《中华人民共和国食品安全法》第一百一十条第四项", True),
    ("province", "370000-XK-0502", "建设项目用地预审与选址意见书核发", "licensing", "application",
     "《中华人民共和国土地管理法》第五十二条", True),
    ("province", "370000-CF-0503", "对非法占用土地的处罚", "penalty", "ex_officio",
     "《中华人民共和国土地管理法》第七十七条", True),
    ("province", "370000-ZS-0504", "耕地开垦费征收", "levy", "ex_officio",
     "《中华人民共和国土地管理法》第三十条", True),
    ("province", "370000-CJ-0505", "土地所有权和使用权争议裁决", "adjudication", "application",
     "《中华人民共和国土地管理法》第十四条", True),
    ("province", "370000-XK-0701", "建筑工程施工许可", "licensing", "application",
     "《中华人民共和国建筑法》第七条", True),
    ("province", "370000-GG-0801", "就业创业政策咨询", "public_service", "application",
     "《中华人民共和国就业促进法》第三十五条", True),
    ("province", "370000-QT-0901", "农业机械维修技术合格证核发", "other", "application",
     "《农业机械安全监督管理条例》第十八条(已取消)", False),
    ("city", "370600-JC-0001", "城镇燃气经营安全监督检查", "inspection", "ex_officio",
     "《城镇燃气管理条例》第四十一条", True),
    ("city", "370600-CF-0002", "对在城市道路两侧和公共场地堆放物料、擅自摆摊设点的处罚", "penalty", "ex_officio",
     "《城市市容和环境卫生管理条例》第三十六条", True),
    ("city", "370600-XK-0003", "城市建筑垃圾处置核准", "licensing", "application",
     "《城市建筑垃圾管理规定》第七条", True),
]  # fmt: skip


def _build_catalogue(province: Region, admin: Any) -> dict[str, CatalogueItem]:
    """The provincial and city catalogues (三级四同), kept by the office like any change (audited)."""
    city = Region.objects.filter(level=Region.Level.CITY, parent=province).order_by("code").first()
    duties = {"licensing": LICENSING_DUTIES, "penalty": PENALTY_DUTIES}
    out = {}
    for level, code, name, item_type, initiation, basis, in_use in CATALOGUE:
        region = province if level == "province" or city is None else city
        out[code] = actions.save_catalogue_item(
            {"code": code, "name": name, "item_type": item_type, "initiation": initiation, "legal_basis": basis,
             "responsibilities": duties.get(item_type, ""), "accountability": ACCOUNTABILITY, "is_active": in_use},
            region=region, actor=admin,
        )  # fmt: skip
    return out


def _units() -> dict[str, Unit]:
    by_name = {u.name: u for u in Unit.objects.filter(name__in=NAMES.values())}
    return {k: by_name[v] for k, v in NAMES.items() if v in by_name}


def _decompose(unit: Unit, admin: Any, rng: Any, leave_gaps: bool) -> None:
    sanding = unit.current_sanding
    mains = list(sanding.main_duties.all()) if sanding else []
    bodies = [b for b in unit.internal_bodies.filter(is_active=True) if b.duties]
    if not mains or not bodies:
        return
    posts_by_body: dict[int, list[Any]] = {}
    for post in unit.posts.exclude(internal_body=None):
        posts_by_body.setdefault(post.internal_body_id, []).append(post)
    covered = mains[:-1] if leave_gaps and len(mains) > 2 else mains
    for i, body in enumerate(bodies):
        main = covered[i % len(covered)]
        duty = actions.save_body_duty(
            unit,
            internal_body=body,
            main_duty=main,
            text=f"负责{body.duties}。".replace("。。", "。"),
            actor=admin,
        )
        posts = posts_by_body.get(body.pk, [])
        for n, verb in enumerate(("研究拟订", "组织实施", "监督检查")[: 2 + rng.randrange(2)]):
            staffed = posts and not (leave_gaps and n == 1 and i == 0)
            actions.save_task(
                duty,
                text=f"{verb}{body.duties.rstrip('。')}相关工作",
                actor=admin,
                posts=[posts[n % len(posts)]] if staffed else [],
            )


def build(rng: Any, stdout: Any = None) -> None:
    admin = User.objects.filter(role=Role.ADMIN, is_active=True).order_by("pk").first()
    laiyang = Region.objects.filter(name="莱阳市").first()
    province = Region.objects.filter(level=Region.Level.PROVINCE).first()
    guliu = Region.objects.filter(name="古柳街道").first()
    units = _units()
    if admin is None or laiyang is None or province is None or len(units) < len(NAMES):
        return
    all_units = list(Unit.objects.filter(region=laiyang, is_active=True).order_by("code"))
    for index, unit in enumerate(all_units):
        _decompose(unit, admin, rng, leave_gaps=index % 9 == 4)

    catalogue = _build_catalogue(province, admin)
    start = actions.Change(
        reason="莱阳市权责清单(2024年版)", effective_date=D(2024, 3, 1), document_number="莱编办〔2024〕6号"
    )
    items: dict[tuple[str, str], Any] = {}
    for key, code, name, t, w, basis, duties, cat in POWER:
        unit = units[key]
        code = f"370682-{key.upper()}-{code}"
        body = unit.internal_bodies.order_by("order").last()
        if cat:
            items[(key, code)] = actions.localise(
                catalogue[cat],
                unit,
                change=start,
                actor=admin,
                values={
                    "responsibilities": duties,
                    "internal_body": body,
                    "localisation": "由承办科室按省级标准目录实施",
                },
            )
        else:
            items[(key, code)] = actions.add_item(
                "power",
                {
                    "unit": unit,
                    "code": code,
                    "name": name,
                    "item_type": t,
                    "initiation": w,
                    "legal_basis": basis,
                    "responsibilities": duties,
                    "internal_body": body,
                    "accountability": "因不履行或不正确履行行政职责,有下列情形的,依法追究相关责任:未按规定受理、审查、决定的;"
                    "违法实施的;其他违反法律法规规章的情形。",
                },
                change=start,
                actor=admin,
            )
    item = items[("fgj", "370682-FGJ-CF-001")]
    actions.change_item(
        item,
        {"legal_basis": item.legal_basis + ";《价格违法行为行政处罚规定》第四条至第十二条"},
        change=actions.Change(
            reason="上位法修订,补充设定依据",
            effective_date=D(2025, 4, 1),
            document_number="莱编办〔2025〕3号",
        ),
        actor=admin,
    )
    actions.cancel_item(
        items[("nyj", "370682-NYJ-CF-001")],
        change=actions.Change(
            reason="依据烟台市统一调整,该事项由市级实施",
            effective_date=D(2025, 9, 1),
            document_number="烟编办〔2025〕11号",
        ),
        actor=admin,
    )
    if guliu is not None:
        actions.delegate_power(
            items[("zjj", "370682-ZJJ-JC-001")],
            receiving_body="古柳街道办事处",
            receiving_region=guliu,
            manner="委托",
            change=actions.Change(
                reason="经济发达镇(街道)赋权",
                effective_date=D(2025, 7, 1),
                document_number="莱政办字〔2025〕21号",
            ),
            actor=admin,
        )
    for kind in ("power", "delegation"):
        actions.publish(kind, region=laiyang, actor=admin)

    boundary = actions.Change(
        reason="县编委会2024年第2次会议", effective_date=D(2024, 6, 1), document_number="莱编〔2024〕4号"
    )
    actions.add_item(
        "boundary",
        {
            "region": laiyang,
            "code": "BJ-001",
            "matter": "食用农产品质量安全监管",
            "unit": units["scjg"],
            "division": "种植养殖环节:市农业农村局负责\n进入批发、零售市场后:市市场监管局负责\n产地准出与市场准入衔接:两部门共同",
            "trigger": "发现不合格食用农产品",
            "mechanism": "信息通报、联合抽检、案件移送",
            "dispute": "报市政府食品安全委员会协调",
            "decided_by": "市编委会2024年第2次会议",
        },
        m2m={"cooperating_units": [units["nyj"]]},
        change=boundary,
        actor=admin,
    )
    actions.add_item(
        "boundary",
        {
            "region": laiyang,
            "code": "BJ-002",
            "matter": "农村违法占地建房查处",
            "unit": units["zfj"],
            "division": "认定是否占用耕地:市自然资源和规划局\n立案查处:市综合行政执法局\n镇街巡查发现:属地镇街",
            "trigger": "巡查或举报发现",
            "mechanism": "发现即报、联合执法",
            "decided_by": "市编委会2024年第2次会议",
        },
        m2m={"cooperating_units": [units["zrj"]]},
        change=boundary,
        actor=admin,
    )
    actions.add_item(
        "boundary",
        {
            "region": laiyang,
            "code": "BJ-003",
            "matter": "餐饮服务业油烟污染监管",
            "unit": None,
            "division": "尚未明确牵头部门",
            "decided_by": "",
        },
        m2m={"cooperating_units": [units["zfj"]]},
        change=boundary,
        actor=admin,
    )
    actions.add_item(
        "territorial",
        {
            "region": laiyang,
            "code": "SD-001",
            "matter": "农村生活垃圾治理",
            "unit": units["zfj"],
            "county_duties": "制定治理标准,监督考核",
            "township_duties": "组织村庄保洁和垃圾收集转运",
            "support": "村(居)配合宣传发动",
        },
        change=boundary,
        actor=admin,
    )
    actions.publish("boundary", region=laiyang, actor=admin)
    actions.publish("territorial", region=laiyang, actor=admin)

    today = datetime.date.today()  # noqa: DTZ011 - the demo's dates are relative to the day it is built
    notice = actions.issue_notice(
        region=laiyang.parent or laiyang,
        issuer="烟台市委机构编制委员会办公室",
        document_number="烟编办〔2026〕7号",
        title="关于调整部分行政许可事项的通知",
        summary="省级标准目录调整“食品经营许可”等事项的设定依据和办理流程。",
        change_type="change",
        deadline=today + datetime.timedelta(days=10),
        received_on=today - datetime.timedelta(days=5),
        units=[units["scjg"], units["fgj"], units["zjj"], units["mzj"]],
        actor=admin,
    )
    actions.claim(notice.claims.get(unit=units["zjj"]), note="已对照调整本单位权责清单", actor=admin)
    old = actions.issue_notice(
        region=laiyang.parent or laiyang,
        issuer="烟台市委机构编制委员会办公室",
        document_number="烟编办〔2026〕2号",
        title="关于取消部分证明事项的通知",
        change_type="cancel",
        deadline=today - datetime.timedelta(days=3),
        received_on=today - datetime.timedelta(days=20),
        units=[units["nyj"], units["mzj"]],
        actor=admin,
    )
    actions.claim(old.claims.get(unit=units["mzj"]), applies=False, note="本单位无该证明事项", actor=admin)

    stats = actions.scan_overlaps(laiyang, actor=admin)
    if stdout is not None:
        stdout.write(f"职责清单:权责事项 {PowerItem.objects.count()} 个版本,职责交叉线索 {stats.pairs} 条。")
