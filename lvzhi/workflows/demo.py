"""Demo part: workflows (流程图) of the demo county (莱阳市), on the power items of lvzhi.duties.demo.

- 受灾人员冬春生活救助 (市应急管理局, a power item added here): Linyi's 冬春救助 workflow, 10 steps of which
  民主评议 has 5 sub-steps, adopted in 2024; redesigned in 2025 (减环节、减程序、减材料、减时限) and in force.
- 最低生活保障金给付 (市民政局): redesigned so that it is signed off inside the section.
- 企业投资项目核准 (市发展和改革局, the demo contact's unit): five sign-off levels (flagged); the redesign the
  contact drafted was returned by the office, so it is on the contact's to-do list.
- 对价格违法行为的行政处罚 (发改局), 食品经营许可 (市场监管局, submitted: on the office's to-do list) and a
  workflow of a task (发改局办公室), with work norms for some sections and a boundary item between 应急管理局
  and 民政局 (one mechanism), so 一表一图一规范一机制 shows complete and incomplete sections.

Everything goes through the room's actions, so it is audited like any change.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.base import ContentFile

from lvzhi.accounts.models import Role, User
from lvzhi.duties import actions as duties_actions
from lvzhi.duties.models import PowerItem, Task
from lvzhi.registry.models import InternalBody, LeadershipLevel, Post, Region, Unit

from . import actions, norms

D = datetime.date
RELIEF_BASIS = "《自然灾害救助条例》第二十一条(冬春救助的统计评估、核实对象、工作台账和救助方案)"
# A step: (name, who, limit, unit, basis, materials, sign_off, sub-steps). `who` is a post of the unit ("经办",
# "科长", "分管", "局长") or the party named in words.
Spec = tuple[str, str, int | None, str, str, str, str, tuple[Any, ...]]

RELIEF_V1: tuple[Spec, ...] = (
    ("摸底调查", "村(居)委会", 10, "days", "本级冬春救助工作方案", "受灾人员冬春生活困难情况调查表", "", ()),
    ("个人申请", "申请人", None, "days", "", "冬春生活救助申请书\n居民身份证\n户口簿\n受灾及家庭生活困难情况说明", "", ()),
    ("民主评议", "村(居)委会", None, "days", "", "", "", (
        ("成立评议小组", "村(居)委会", 1, "days", "", "", "", ()),
        ("入户核查", "村(居)委会", 3, "days", "", "入户核查记录", "", ()),
        ("召开民主评议会", "村(居)委会", 1, "days", "", "民主评议记录", "", ()),
        ("村内公示", "村(居)委会", 5, "days", "本级冬春救助工作方案(公示不少于5日)", "", "", ()),
        ("报送乡镇(街道)", "村(居)委会", 1, "days", "", "救助对象花名册", "", ()),
    )),
    ("乡镇(街道)审核", "乡镇(街道)应急管理办公室", 5, "days", RELIEF_BASIS, "救助对象花名册", "", ()),
    ("科室初审", "经办", 5, "days", RELIEF_BASIS, "乡镇(街道)审核意见", "post", ()),
    ("科室审核", "科长", 2, "days", "", "", "section", ()),
    ("分管领导审核", "分管", 2, "days", "", "", "deputy", ()),
    ("局长审批", "局长", 2, "days", "", "", "head", ()),
    ("张榜公示", "乡镇(街道)应急管理办公室", 7, "days", "本级冬春救助工作方案", "", "", ()),
    ("资金发放", "经办", 10, "days", "《自然灾害救助条例》第二十二条(救助款物专款专用、无偿使用)",
     "救助资金发放花名册", "", ()),
)  # fmt: skip

RELIEF_V2: tuple[Spec, ...] = (
    ("摸底调查", "村(居)委会", 7, "days", "本级冬春救助工作方案", "受灾人员冬春生活困难情况调查表", "", ()),
    ("个人申请", "申请人", None, "days", "", "冬春生活救助申请书\n居民身份证\n受灾及家庭生活困难情况说明", "", ()),
    ("民主评议", "村(居)委会", None, "days", "", "", "", (
        ("入户核查", "村(居)委会", 3, "days", "", "入户核查记录", "", ()),
        ("召开民主评议会", "村(居)委会", 1, "days", "", "民主评议记录", "", ()),
        ("村内公示并报送乡镇(街道)", "村(居)委会", 5, "days", "本级冬春救助工作方案(公示不少于5日)",
         "救助对象花名册", "", ()),
    )),
    ("乡镇(街道)审核", "乡镇(街道)应急管理办公室", 3, "days", RELIEF_BASIS, "救助对象花名册", "", ()),
    ("科室审核", "科长", 3, "days", RELIEF_BASIS, "乡镇(街道)审核意见", "section", ()),
    ("分管领导审批", "分管", 1, "days", "", "", "deputy", ()),
    ("张榜公示", "乡镇(街道)应急管理办公室", 5, "days", "本级冬春救助工作方案", "", "", ()),
    ("资金发放", "经办", 7, "days", "《自然灾害救助条例》第二十二条(救助款物专款专用、无偿使用)",
     "救助资金发放花名册", "", ()),
)  # fmt: skip

ALLOWANCE_BASIS = "《社会救助暂行办法》第十一条(审核确认、公示、发放)"
ALLOWANCE_V1: tuple[Spec, ...] = (
    ("受理申请", "乡镇(街道)社会救助经办机构", 1, "days", "", "最低生活保障申请书\n居民身份证\n户口簿\n家庭收入证明\n家庭财产状况声明", "", ()),
    ("家庭经济状况调查", "乡镇(街道)社会救助经办机构", 15, "days", ALLOWANCE_BASIS, "入户调查表", "", ()),
    ("乡镇审核并公示", "乡镇(街道)社会救助经办机构", 7, "days", ALLOWANCE_BASIS, "", "", ()),
    ("科室审查", "经办", 5, "days", ALLOWANCE_BASIS, "乡镇(街道)审核意见", "post", ()),
    ("科长审核", "科长", 2, "days", "", "", "section", ()),
    ("分管领导审批", "分管", 3, "days", "", "", "deputy", ()),
    ("资金发放", "经办", 10, "days", "", "", "", ()),
)  # fmt: skip
ALLOWANCE_V2: tuple[Spec, ...] = (
    ("受理申请", "乡镇(街道)社会救助经办机构", 1, "days", "", "最低生活保障申请书\n居民身份证\n家庭财产状况声明", "", ()),
    ("家庭经济状况核对与调查", "乡镇(街道)社会救助经办机构", 10, "days", ALLOWANCE_BASIS, "入户调查表", "", ()),
    ("乡镇审核并公示", "乡镇(街道)社会救助经办机构", 7, "days", ALLOWANCE_BASIS, "", "", ()),
    ("科室审批", "科长", 3, "days", ALLOWANCE_BASIS, "乡镇(街道)审核意见", "section", (
        ("经办岗位审查", "经办", 2, "days", "", "", "post", ()),
        ("科长审批", "科长", 1, "days", "", "", "section", ()),
    )),
    ("资金发放", "经办", 5, "days", "", "", "", ()),
)  # fmt: skip

APPROVAL_BASIS = "《企业投资项目核准和备案管理条例》第十一条(自受理之日起20个工作日内作出是否予以核准的决定)"
APPROVAL_V1: tuple[Spec, ...] = (
    ("受理", "经办", 4, "hours", "", "项目申请报告\n城乡规划选址意见\n用地预审意见\n企业营业执照", "post", ()),
    ("审查", "经办", 10, "days", APPROVAL_BASIS, "", "", (
        ("材料审查", "经办", 3, "days", "", "", "", ()),
        ("征求相关部门意见", "经办", 5, "days", "《企业投资项目核准和备案管理条例》第九条", "", "", ()),
        ("组织评估论证", "经办", 2, "days", "", "评估报告", "", ()),
    )),
    ("科室审核", "科长", 2, "days", "", "", "section", ()),
    ("分管领导审签", "分管", 2, "days", "", "", "deputy", ()),
    ("局长签发", "局长", 2, "days", "", "", "head", ()),
    ("局党组会研究", "局长", 3, "days", "", "", "collective", ()),
    ("送达", "经办", 1, "days", APPROVAL_BASIS, "", "", ()),
)  # fmt: skip
APPROVAL_V2: tuple[Spec, ...] = (
    ("受理", "经办", 4, "hours", "", "项目申请报告\n用地预审与选址意见书", "post", ()),
    ("审查", "经办", 8, "days", APPROVAL_BASIS, "", "", (
        ("材料审查", "经办", 2, "days", "", "", "", ()),
        ("并联征求相关部门意见", "经办", 5, "days", "《企业投资项目核准和备案管理条例》第九条", "", "", ()),
    )),
    ("科室审核", "科长", 2, "days", "", "", "section", ()),
    ("分管领导审批", "分管", 2, "days", "", "", "deputy", ()),
    ("送达", "经办", 1, "days", APPROVAL_BASIS, "", "", ()),
)  # fmt: skip

PENALTY: tuple[Spec, ...] = (
    ("立案", "经办", 15, "days", "《市场监督管理行政处罚程序规定》第十八条(发现线索之日起15个工作日内决定是否立案)", "立案审批表", "section", ()),
    ("调查取证", "经办", 30, "days", "", "询问笔录\n现场检查笔录\n证据材料", "", ()),
    ("审查与告知", "经办", 5, "days", "《中华人民共和国行政处罚法》第四十四条", "行政处罚告知书", "section", ()),
    ("决定", "局长", 5, "days", "《中华人民共和国行政处罚法》第五十七条", "行政处罚决定书", "head", ()),
    ("送达与执行", "经办", 7, "days", "《中华人民共和国行政处罚法》第六十一条(宣告后当场交付或七日内送达)", "送达回证", "", ()),
)  # fmt: skip
FOOD_LICENCE: tuple[Spec, ...] = (
    ("申请与受理", "经办", 1, "days", "《食品经营许可和备案管理办法》", "食品经营许可申请书\n营业执照\n经营场所平面图", "post", ()),
    ("审查与现场核查", "经办", 5, "days", "《食品经营许可和备案管理办法》", "现场核查记录", "", ()),
    ("许可决定", "科长", 2, "days", "《食品经营许可和备案管理办法》(受理后10个工作日内作出决定)", "", "section", ()),
    ("发证", "经办", 1, "days", "", "", "", ()),
)  # fmt: skip
TASK_FLOW: tuple[Spec, ...] = (
    ("收文登记", "经办", 4, "hours", "", "来文", "post", ()),
    ("拟办意见", "经办", 1, "days", "", "", "", ()),
    ("科室负责人批办", "科长", 1, "days", "", "", "section", ()),
    ("承办与归档", "经办", 5, "days", "", "办理结果", "", ()),
)  # fmt: skip


class Posts:
    """The posts a demo step names, in one unit and section."""

    def __init__(self, unit: Unit, body: InternalBody):
        posts = list(Post.objects.filter(unit=unit))
        in_body = [p for p in posts if p.internal_body_id == body.pk]
        staff = [
            p for p in in_body if not p.leadership_level and not any(w in p.name for w in ("驾驶", "工勤"))
        ]
        by_level = {p.leadership_level: p for p in reversed(in_body)}
        handler = (
            staff[0]
            if staff
            else by_level.get(LeadershipLevel.BODY_DEPUTY) or by_level.get(LeadershipLevel.BODY_HEAD)
        )
        self.by_word = {
            "经办": handler,
            "科长": next((p for p in in_body if p.leadership_level == LeadershipLevel.BODY_HEAD), None),
            "分管": next((p for p in posts if p.leadership_level == LeadershipLevel.UNIT_DEPUTY), None),
            "局长": next((p for p in posts if p.leadership_level == LeadershipLevel.UNIT_HEAD), None),
        }

    def who(self, word: str) -> tuple[Post | None, str]:
        if word in self.by_word:
            post = self.by_word[word]
            return post, "" if post is not None else word
        return None, word


def _steps(version: Any, specs: tuple[Spec, ...], posts: Posts, admin: Any, parent: Any = None) -> None:
    for name, who, limit, unit, basis, materials, sign_off, children in specs:
        post, responsible = posts.who(who)
        step = actions.save_step(
            version, name=name, parent=parent, post=post, responsible=responsible, time_limit=limit,
            time_unit=unit, limit_basis=basis, materials=materials, sign_off=sign_off, actor=admin,
        )  # fmt: skip
        if children:
            _steps(version, children, posts, admin, parent=step)


def _redraw(version: Any, specs: tuple[Spec, ...], posts: Posts, actor: Any) -> None:
    for step in list(version.steps.filter(parent=None)):
        actions.delete_step(step, actor=actor)
    _steps(version, specs, posts, actor)


def _workflow(
    unit: Unit, body: InternalBody, code: str, name: str, item: PowerItem | None, specs: tuple[Spec, ...],
    admin: Any, task: Task | None = None,
) -> Any:  # fmt: skip
    workflow = actions.create_workflow(
        unit, code=code, name=name, subject_kind="task" if task else "power",
        power_item_key=item.key if item else "", task=task, internal_body=body, actor=admin,
    )  # fmt: skip
    _steps(workflow.versions.get(), specs, Posts(unit, body), admin)
    return workflow


def _body(unit: Unit, name: str) -> InternalBody:
    return InternalBody.objects.get(unit=unit, name=name)


def _power(unit: Unit, name: str) -> PowerItem | None:
    return PowerItem.objects.current().filter(unit=unit, name=name).first()


def build(rng: Any, stdout: Any = None) -> None:
    admin = User.objects.filter(role=Role.ADMIN, is_active=True).order_by("pk").first()
    contact = User.objects.filter(role=Role.UNIT_CONTACT, unit__name="莱阳市发展和改革局").first()
    laiyang = Region.objects.filter(name="莱阳市").first()
    units = {u.name: u for u in Unit.objects.filter(region=laiyang)}
    needed = ["莱阳市应急管理局", "莱阳市民政局", "莱阳市发展和改革局", "莱阳市市场监督管理局"]
    if admin is None or laiyang is None or any(n not in units for n in needed):
        return
    yjj, mzj, fgj, scjg = (units[n] for n in needed)

    # 冬春救助: the power item, its workflow (v1 2024, redesigned v2 2025), the boundary item with 民政局.
    relief_body = _body(yjj, "风险监测和综合减灾科")
    relief = duties_actions.add_item(
        "power",
        {
            "unit": yjj, "code": "370682-YJJ-GF-001", "name": "受灾人员冬春生活救助", "item_type": "payment",
            "initiation": "ex_officio", "legal_basis": "《自然灾害救助条例》第二十条、第二十一条",
            "responsibilities": "统计评估受灾人员冬春基本生活困难和需求,核实救助对象,编制工作台账,组织发放。",
            "internal_body": relief_body,
        },
        change=duties_actions.Change(reason="莱阳市权责清单(2024年版)", effective_date=D(2024, 3, 1),
                                     document_number="莱编办〔2024〕6号"),
        actor=admin,
    )  # fmt: skip
    flow = _workflow(yjj, relief_body, "LC-YJJ-GF-001", "受灾人员冬春生活救助流程", relief, RELIEF_V1, admin)  # type: ignore[arg-type]
    actions.adopt(flow.versions.get(), valid_from=D(2024, 7, 1), actor=admin)
    v2 = actions.new_version(
        flow, reason="流程再造:合并科室初审与审核,取消局长审批,减少户口簿,压缩时限", actor=admin
    )
    _redraw(v2, RELIEF_V2, Posts(yjj, relief_body), admin)
    actions.adopt(v2, valid_from=D(2025, 9, 1), actor=admin)
    duties_actions.add_item(
        "boundary",
        {
            "region": laiyang, "code": "BJ-004", "matter": "受灾困难群众冬春生活救助与最低生活保障衔接",
            "unit": yjj, "lead_body": relief_body,
            "division": "冬春救助对象核实与资金发放:市应急管理局\n低保、特困对象的基本生活保障:市民政局",
            "trigger": "冬春救助对象中有低保或特困人员", "mechanism": "救助对象信息共享、名单比对、联合核查",
            "decided_by": "市编委会2024年第2次会议",
        },
        m2m={"cooperating_units": [mzj], "power_items": [relief]},
        change=duties_actions.Change(reason="县编委会2024年第2次会议", effective_date=D(2024, 6, 1),
                                     document_number="莱编〔2024〕4号"),
        actor=admin,
    )  # fmt: skip

    # 低保: redesigned so that it is signed off inside the section.
    aid_body = _body(mzj, "社会救助科")
    allowance = _power(mzj, "最低生活保障金给付")
    flow = _workflow(mzj, aid_body, "LC-MZJ-GF-001", "最低生活保障金给付流程", allowance, ALLOWANCE_V1, admin)
    actions.adopt(flow.versions.get(), valid_from=D(2024, 7, 1), actor=admin)
    v2 = actions.new_version(
        flow, reason="流程再造:审批权限下放至科室,数据共享免交户口簿和收入证明", actor=admin
    )
    _redraw(v2, ALLOWANCE_V2, Posts(mzj, aid_body), admin)
    actions.adopt(v2, valid_from=D(2025, 6, 1), actor=admin)

    # 发改局: 核准 with five sign-off levels; the contact's redesign was returned.
    investment = _body(fgj, "固定资产投资科")
    approval = _power(fgj, "企业投资项目核准")
    flow = _workflow(fgj, investment, "LC-FGJ-XK-001", "企业投资项目核准流程", approval, APPROVAL_V1, admin)
    actions.adopt(flow.versions.get(), valid_from=D(2024, 7, 1), actor=admin)
    editor = contact or admin
    v2 = actions.new_version(flow, reason="流程再造:取消局党组会研究和局长签发,并联征求意见", actor=editor)
    _redraw(v2, APPROVAL_V2, Posts(fgj, investment), editor)
    actions.submit(v2, actor=editor)
    actions.return_version(v2, reason="请在“审查”环节注明并联征求意见的部门和各自时限,再报送。", actor=admin)
    penalty = _power(fgj, "对价格违法行为的行政处罚")
    flow = _workflow(
        fgj,
        _body(fgj, "价格管理科"),
        "LC-FGJ-CF-001",
        "对价格违法行为的行政处罚流程",
        penalty,
        PENALTY,
        admin,
    )
    actions.adopt(flow.versions.get(), valid_from=D(2024, 7, 1), actor=admin)
    office = _body(fgj, "办公室")
    task = Task.objects.filter(unit=fgj, body_duty__internal_body=office).order_by("seq", "id").first()
    if task is not None:
        flow = _workflow(fgj, office, "LC-FGJ-RW-001", "公文办理流程", None, TASK_FLOW, admin, task=task)
        actions.adopt(flow.versions.get(), valid_from=D(2024, 7, 1), actor=admin)

    # 市场监管局: a first version submitted, waiting for the office.
    licence_body = _body(scjg, "食品经营监管科")
    flow = _workflow(scjg, licence_body, "LC-SCJG-XK-001", "食品经营许可流程", _power(scjg, "食品经营许可"),
                     FOOD_LICENCE, admin)  # fmt: skip
    actions.submit(flow.versions.get(), actor=admin)

    # Work norms: two sections with a norm (one with its file), so some sections are complete.
    norm = norms.add_norm(
        relief_body, title="受灾人员冬春生活救助工作规程", document_number="莱应急发〔2025〕12号",
        issued_on=D(2025, 9, 1), actor=admin,
    )  # fmt: skip
    norm.file_name = "受灾人员冬春生活救助工作规程.txt"
    norm.file.save(
        "relief-rules.txt", ContentFile("受灾人员冬春生活救助工作规程(演示文件)\n".encode()), save=True
    )
    norms.add_norm(aid_body, title="最低生活保障审核确认办法", document_number="莱民发〔2025〕8号",
                   issued_on=D(2025, 6, 1), actor=admin)  # fmt: skip
    if stdout:
        stdout.write("流程图:受灾人员冬春生活救助等 6 张流程图,其中 3 张经流程再造。")
