"""What `lvzhi setup_demo` adds for the surveys room: Feicheng's five respondent groups ("五位一体": 市分管领导,
单位干部职工, 管理服务对象, 相关职能部门, 监管部门) on the 2026 demo campaign, each with its questionnaire, the
invitations handed out and 1,291 anonymous answer sheets, and the 管理服务对象 results written into the
campaign's survey indicator (C1 服务对象问卷调查) through the campaign's import path, then scored."""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

from lvzhi.accounts.models import Role, User

from . import actions
from .models import Answer, Invitation, Question, Response

CAMPAIGN = "莱阳市2026年度职能运行评估"
OPINIONS = {
    "管理服务对象": [
        "窗口工作人员态度很好,材料一次告知清楚。", "希望增加周末和午间延时服务。", "网上办理流程还可以再简化。",
        "同一材料在不同窗口重复提交,希望数据共享。", "办理进度查询不方便,希望短信通知。", "现场排队时间较长。",
    ],
    "单位干部职工": ["科室之间职责边界还需进一步细化。", "临时性任务较多,影响主责主业。", "希望加强业务培训。"],
    "相关职能部门": ["牵头事项能及时召集协调,配合顺畅。", "个别联办事项回复不够及时。"],
    "监管部门": ["整改台账建立规范,逐项销号。", "个别问题整改进度滞后。"],
    "市分管领导": ["重点项目推进有力,但信息报送有时滞后。", "主动服务基层意识较强。"],
}  # fmt: skip


def _questionnaires(admin: Any) -> dict[str, Any]:
    out = {}
    v = actions.create_questionnaire(actor=admin, title="管理服务对象满意度调查问卷",
                                     intro="您好!为了解部门履职和服务情况,请您根据亲身感受如实填写。本问卷匿名。")  # fmt: skip
    actions.save_question(v, actor=admin, text="您对该单位履职和服务情况的总体评价", kind="satisfaction", scores=True,
                          section="总体评价")  # fmt: skip
    once = actions.save_question(v, actor=admin, text="您最近一次到该单位办事是否一次办成", kind="single",
                                 options=["是", "否"], section="办事体验")  # fmt: skip
    actions.save_question(v, actor=admin, text="没有一次办成的原因", kind="multiple", section="办事体验",
                          options=["材料要求不清楚", "窗口人员不足", "系统故障", "需要多个部门跑腿"],
                          condition_question=once, condition_values=["否"])  # fmt: skip
    actions.save_question(v, actor=admin, text="窗口服务态度", kind="scale5", section="办事体验")
    actions.save_question(v, actor=admin, text="您的意见和建议", kind="text", required=False, section="意见建议")
    out["管理服务对象"] = v
    v = actions.create_questionnaire(actor=admin, title="单位干部职工评价问卷")
    actions.save_question(v, actor=admin, text="您对本单位履行“三定”职责情况的总体评价", kind="satisfaction",
                          scores=True)  # fmt: skip
    actions.save_question(v, actor=admin, text="本单位内设机构职责分工是否清晰", kind="single",
                          options=["清晰", "基本清晰", "不清晰"])  # fmt: skip
    actions.save_question(v, actor=admin, text="意见和建议", kind="text", required=False)
    out["单位干部职工"] = v
    v = actions.create_questionnaire(actor=admin, title="市分管领导点评表")
    actions.save_question(v, actor=admin, text="请对分管部门的履职情况逐一评价", kind="matrix", scale="satisfaction",
                          scores=True)  # fmt: skip
    actions.save_question(v, actor=admin, text="点评意见", kind="text", required=False)
    out["市分管领导"] = v
    v = actions.create_questionnaire(actor=admin, title="相关职能部门评价问卷")
    actions.save_question(v, actor=admin, text="该单位在协作配合中的总体表现", kind="satisfaction", scores=True)
    actions.save_question(v, actor=admin, text="牵头或配合事项是否及时回应", kind="single",
                          options=["及时", "基本及时", "不及时"])  # fmt: skip
    actions.save_question(v, actor=admin, text="意见和建议", kind="text", required=False)
    out["相关职能部门"] = v
    v = actions.create_questionnaire(actor=admin, title="监管部门评价问卷")
    actions.save_question(v, actor=admin, text="该单位接受监督和整改落实的总体评价", kind="satisfaction",
                          scores=True)  # fmt: skip
    found = actions.save_question(v, actor=admin, text="近一年是否发现该单位违规违纪问题", kind="single",
                                  options=["否", "是"])  # fmt: skip
    actions.save_question(v, actor=admin, text="问题情况", kind="text", condition_question=found,
                          condition_values=["是"])  # fmt: skip
    out["监管部门"] = v
    return out


def _rating(q: float, rng: Any) -> str:
    x = rng.random()
    return "满意" if x < q else "基本满意" if x < q + (1 - q) * 0.75 else "不满意"


def _sheet(group: Any, unit: Any, units: list[Any], rng: Any, q: float, day: datetime.date, n: int) -> tuple[Response, list[Answer]]:
    key = hashlib.sha256(f"demo:{group.pk}:{n}:{rng.random()}".encode()).hexdigest()
    response = Response(group=group, unit=unit, submitted_on=day, submission_key=key)
    answers = []
    for question in group.version.ordered_questions():
        if question.kind == Question.Kind.MATRIX:
            answers += [Answer(response=response, question=question, unit=u, value=_rating(q, rng)) for u in units]
        elif question.kind == Question.Kind.SATISFACTION:
            answers.append(Answer(response=response, question=question, unit=unit, value=_rating(q, rng)))
        elif question.kind == Question.Kind.SCALE5:
            answers.append(Answer(response=response, question=question, value=rng.choice("55544321"[: 4 + int(q * 4)])))
        elif question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            if question.condition_question_id:
                shown = [a for a in answers if a.question_id == question.condition_question_id]
                if not shown or shown[0].value not in question.condition_values:
                    continue
            options = question.choices()
            picked = options[0] if rng.random() < q else rng.choice(options)
            answers.append(Answer(response=response, question=question, value=picked))
        elif question.kind == Question.Kind.TEXT:
            must = question.required and question.condition_question_id
            if must and any(a.question_id == question.condition_question_id and a.value in question.condition_values
                            for a in answers):  # fmt: skip
                answers.append(Answer(response=response, question=question, text="个别事项整改不及时,已督促落实。"))
            elif not question.condition_question_id and rng.random() < 0.18:
                answers.append(Answer(response=response, question=question, text=rng.choice(OPINIONS[group.name])))
    return response, answers


def build(rng: Any, stdout: Any = None) -> list[Any]:
    from lvzhi.campaigns import scoring
    from lvzhi.campaigns.models import Assignment, Campaign

    from .feed import feed_scores

    admin = User.objects.filter(role=Role.ADMIN, is_active=True).order_by("pk").first()
    campaign = Campaign.objects.filter(name=CAMPAIGN).first()
    if admin is None or campaign is None:
        return []
    units = [cu.unit for cu in campaign.units.select_related("unit").order_by("unit__order", "unit__code")]
    portfolio = list(
        {a.unit for a in Assignment.objects.filter(campaign=campaign, kind="leader").select_related("unit")}
    ) or units[:10]
    portfolio.sort(key=lambda u: (u.order, u.code))
    questionnaires = _questionnaires(admin)
    quality = {u.pk: min(0.95, max(0.45, rng.gauss(0.78, 0.1))) for u in units}
    # (group, units rated, answers per unit, weight: Feicheng's points 4/2/4/3/2, leaf)
    plan = [("市分管领导", portfolio, None, 4, ""), ("单位干部职工", units, 6, 2, ""),
            ("管理服务对象", units, 7, 4, "C1"), ("相关职能部门", units, 2, 3, ""), ("监管部门", units, 2, 2, "")]  # fmt: skip
    total = 0
    groups = []
    for name, rated, per_unit, weight, leaf in plan:
        # 相关职能部门 and 监管部门 answer as departments (one sheet each, signed off by the department), not as
        # persons: the office sets their minimum to 1, so that their figures and the weighted ones are shown.
        minimum = 1 if name in ("相关职能部门", "监管部门") else 5
        group = actions.create_group(campaign, actor=admin, version=questionnaires[name], units=rated, name=name,
                                     weight=weight, leaf_code=leaf, invitations_planned=0,
                                     min_answers=minimum)  # fmt: skip
        actions.open_group(group, actor=admin)
        responses, answers = [], []
        if per_unit is None:  # the leaders in charge: one matrix sheet each, 16 sheets
            actions.issue_invitations(group, actor=admin, count=16)
            for n in range(16):
                r, a = _sheet(group, None, rated, rng, 0.8, datetime.date(2026, 11, 20), n)
                responses.append(r)
                answers += a
        else:
            for unit in rated:
                count = per_unit + (1 if name == "管理服务对象" and rng.random() < 0.35 else 0)
                if name == "监管部门":
                    count = 2 if rng.random() < 0.1 else 1 if rng.random() < 0.5 else 2
                issued = count + rng.randint(0, 2)
                actions.issue_invitations(group, actor=admin, count=issued, unit=unit)
                for n in range(count):
                    day = datetime.date(2026, 11, 10) + datetime.timedelta(days=rng.randint(0, 14))
                    r, a = _sheet(group, unit, rated, rng, quality[unit.pk], day, n + 100 * unit.pk)
                    responses.append(r)
                    answers += a
                used = list(Invitation.objects.filter(group=group, unit=unit).order_by("?").values_list("pk", flat=True)[:count])
                Invitation.objects.filter(pk__in=used).update(used=True)
        if per_unit is None:
            Invitation.objects.filter(pk__in=list(group.invitations.values_list("pk", flat=True)[:16])).update(used=True)
        Response.objects.bulk_create(responses)
        Answer.objects.bulk_create(answers)
        group.invitations_planned = group.invitations.count()
        group.save(update_fields=["invitations_planned"])
        total += len(responses)
        groups.append(group)
    # Feicheng sent 1,291 questionnaires in all: the rest went to service objects on site and are not back yet.
    service = next(g for g in groups if g.name == "管理服务对象")
    issued = Invitation.objects.filter(group__campaign=campaign).count()
    if issued < 1291:
        actions.issue_invitations(service, actor=admin, count=1291 - issued)
        service.invitations_planned = service.invitations.count()
        service.save(update_fields=["invitations_planned"])
    for group in groups:
        if group.name != "管理服务对象":
            actions.close_group(group, actor=admin)
    feed_scores(service, actor=admin)
    scoring.compute(Campaign.objects.get(pk=campaign.pk), actor=admin)
    if stdout:
        stdout.write(f"问卷调查:{campaign.name}的五个评价群体,发出邀请1291份,收回答卷{total}份;管理服务对象满意率已计入C1。")
    return groups
