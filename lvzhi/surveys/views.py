"""The office's pages of the surveys room: questionnaires (the form editor), respondent groups per campaign,
invitations and their QR sheets. Thin: a form in, an action or a selector, a template out; refusals and bad
input are answered by lvzhi.core.middleware (the 403 page, or a message and a redirect back)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lvzhi.campaigns.models import Campaign
from lvzhi.core.errors import Invalid
from lvzhi.core.policy import enforces, get_for

from . import actions, selectors
from .forms import GroupForm, IntroForm, InviteForm, OpenLinkForm, QuestionForm, QuestionnaireForm
from .models import Question, Questionnaire, QuestionnaireVersion, RespondentGroup
from .policy import POLICY
from .qr import invitation_sheet

GROUP_ACTIONS = ("edit_group", "open_group", "close_group", "issue_invitations", "view_rates", "view_results",
                 "export_results", "export_raw", "view_open_answers", "feed_scores", "import_results")  # fmt: skip


def _version(request: HttpRequest, pk: int, number: int, action: str = "view") -> QuestionnaireVersion:
    return get_for(
        request.user, QuestionnaireVersion.objects.select_related("questionnaire"), action,
        questionnaire_id=pk, number=number,
    )  # fmt: skip


def _group(request: HttpRequest, pk: int, action: str = "view") -> RespondentGroup:
    return get_for(
        request.user,
        RespondentGroup.objects.select_related("campaign", "version__questionnaire"),
        action,
        pk=pk,
    )


@login_required
@require_GET
@enforces(POLICY, "view")
def index(request: HttpRequest) -> HttpResponse:
    POLICY.require(request.user, "view")
    questionnaires = Questionnaire.objects.visible_to(request.user).prefetch_related("versions")
    campaigns = Campaign.objects.visible_to(request.user).order_by("-year", "pk")
    return render(request, "surveys/index.html", {
        "questionnaires": questionnaires, "campaigns": campaigns,
        "can_create": POLICY.allowed(request.user, "create_questionnaire"),
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
@enforces(POLICY, "create_questionnaire")
def questionnaire_new(request: HttpRequest) -> HttpResponse:
    POLICY.require(request.user, "create_questionnaire")
    form = QuestionnaireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = actions.create_questionnaire(actor=request.user, **form.cleaned_data)
        except Invalid as exc:
            exc.add_to_form(form)
        else:
            return redirect("surveys:version", pk=version.questionnaire_id, number=version.number)
    return render(request, "surveys/questionnaire_form.html", {"form": form})


@login_required
@require_GET
@enforces(POLICY, "view")
def version_detail(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = _version(request, pk, number)
    return render(request, "surveys/version.html", {
        "version": version, "questions": version.ordered_questions(),
        "versions": version.questionnaire.versions.all(),
        "form": QuestionForm(version=version), "intro_form": IntroForm(initial={"intro": version.intro}),
        "can": POLICY.allowed_actions(request.user, version, ("edit_questionnaire", "new_version")),
        "groups": version.groups.select_related("campaign"),
    })  # fmt: skip


def _question_input(form: QuestionForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "text": data["text"], "kind": data["kind"], "required": data["required"],
        "options": form.lines(data["options"]), "scale": data.get("scale") or "", "scores": data["scores"],
        "section": data["section"], "condition_question": data["condition_question"],
        "condition_values": form.lines(data["condition_values"]),
    }  # fmt: skip


@login_required
@require_POST
@enforces(POLICY, "edit_questionnaire")
def question_add(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = _version(request, pk, number, "edit_questionnaire")
    form = QuestionForm(request.POST, version=version)
    if not form.is_valid():
        raise Invalid.many([(name, str(err[0])) for name, err in form.errors.items()])
    actions.save_question(version, actor=request.user, **_question_input(form))
    messages.success(request, _("已添加题目。"))
    return redirect("surveys:version", pk=pk, number=number)


@login_required
@require_POST
@enforces(POLICY, "edit_questionnaire")
def question_delete(request: HttpRequest, pk: int, number: int, qid: int) -> HttpResponse:
    version = _version(request, pk, number, "edit_questionnaire")
    question = version.questions.filter(pk=qid).first()
    if question is None:
        raise Invalid(_("题目不存在。"))
    actions.delete_question(question, actor=request.user)
    messages.success(request, _("已删除题目。"))
    return redirect("surveys:version", pk=pk, number=number)


def _question_initial(question: Any) -> dict[str, Any]:
    return {
        "section": question.section.title if question.section else "", "text": question.text,
        "kind": question.kind, "options": "\n".join(str(o) for o in question.options or ()),
        "scale": question.scale or Question.Scale.SATISFACTION, "required": question.required,
        "scores": question.scores, "condition_question": question.condition_question_id,
        "condition_values": "\n".join(str(v) for v in question.condition_values or ()),
    }  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
@enforces(POLICY, "edit_questionnaire")
def question_edit(request: HttpRequest, pk: int, number: int, qid: int) -> HttpResponse:
    """Change a question of a draft version: its text, options, required, section, condition."""
    version = _version(request, pk, number, "edit_questionnaire")
    question = version.questions.select_related("section").filter(pk=qid).first()
    if question is None:
        raise Http404
    form = QuestionForm(request.POST or None, version=version, question=question,
                        initial=_question_initial(question))  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_question(version, actor=request.user, question=question, **_question_input(form))
        except Invalid as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, _("已保存第%(n)s题。") % {"n": question.order})
            return redirect("surveys:version", pk=pk, number=number)
    return render(request, "surveys/question_edit.html", {"version": version, "question": question, "form": form})


@login_required
@require_POST
@enforces(POLICY, "edit_questionnaire")
def question_move(request: HttpRequest, pk: int, number: int, qid: int) -> HttpResponse:
    """上移 / 下移 (direction) or 移到第N题 (position) in a draft version."""
    version = _version(request, pk, number, "edit_questionnaire")
    question = version.questions.filter(pk=qid).first()
    if question is None:
        raise Invalid(_("题目不存在。"))
    raw = str(request.POST.get("position", "")).strip()
    if raw and not raw.isdigit():
        raise Invalid(_("请填写移到第几题(数字)。"), field="position")
    moved = actions.move_question(question, actor=request.user, direction=str(request.POST.get("direction", "")),
                                  position=int(raw) if raw else None)  # fmt: skip
    messages.success(request, _("已将「%(q)s」移到第%(n)s题。") % {"q": moved.text, "n": moved.order})
    return redirect(f"{reverse('surveys:version', args=[pk, number])}#q-{moved.pk}")


@login_required
@require_POST
@enforces(POLICY, "edit_questionnaire")
def version_intro(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = _version(request, pk, number, "edit_questionnaire")
    form = IntroForm(request.POST)
    form.is_valid()
    actions.update_intro(version, actor=request.user, intro=form.cleaned_data.get("intro", ""))
    return redirect("surveys:version", pk=pk, number=number)


@login_required
@require_POST
@enforces(POLICY, "new_version")
def version_copy(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = _version(request, pk, number, "new_version")
    copy = actions.new_version(version, actor=request.user)
    messages.success(request, _("已建立第%(n)s版草稿,可以修改。") % {"n": copy.number})
    return redirect("surveys:version", pk=pk, number=copy.number)


# ---- groups of a campaign -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@enforces(POLICY, "manage_groups")
def campaign_groups(request: HttpRequest, campaign_id: int) -> HttpResponse:
    POLICY.require(request.user, "view")
    campaign = get_for(request.user, Campaign.objects.all(), pk=campaign_id)
    leaves = selectors.survey_leaves(campaign)
    form = GroupForm(request.POST or None, campaign=campaign, leaves=leaves)
    if request.method == "POST":
        POLICY.require(request.user, "manage_groups", campaign)
        if form.is_valid():
            data = dict(form.cleaned_data)
            version, units = data.pop("version"), list(data.pop("units"))
            if not data.get("leaf_code"):
                data["leaf_code"] = selectors.default_leaf(campaign, data["name"])
            try:
                group = actions.create_group(
                    campaign, actor=request.user, version=version, units=units, **data
                )
            except Invalid as exc:
                exc.add_to_form(form)
            else:
                messages.success(request, _("已添加评价群体「%(name)s」。") % {"name": group.name})
                return redirect("surveys:campaign", campaign_id=campaign.pk)
    groups = selectors.campaign_groups(campaign, request.user)
    mapping = [{"leaf": leaf, "groups": [g for g in groups if g.leaf_code == leaf.code]} for leaf in leaves]
    return render(request, "surveys/campaign.html", {
        "campaign": campaign, "groups": groups, "form": form, "mapping": mapping,
        "progress": [selectors.progress(g) for g in groups] if POLICY.allowed(request.user, "view_rates") else [],
        "table": selectors.satisfaction_table(groups) if groups else None,
        "can_manage": POLICY.allowed(request.user, "manage_groups", campaign),
        "can": POLICY.allowed_actions(request.user, campaign, ("export_results", "export_raw")),
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
@enforces(POLICY, "edit_group")
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group(request, pk)
    leaves = selectors.survey_leaves(group.campaign)
    initial = {"name": group.name, "version": group.version, "units": list(group.units.all()),
               "invitations_planned": group.invitations_planned, "weight": group.weight,
               "leaf_code": group.leaf_code, "min_answers": group.min_answers, "open_limit": group.open_limit}  # fmt: skip
    form = GroupForm(request.POST or None, campaign=group.campaign, leaves=leaves, initial=initial)
    if request.method == "POST":
        POLICY.require(request.user, "edit_group", group)
        if form.is_valid():
            data = dict(form.cleaned_data)
            version, units = data.pop("version"), list(data.pop("units"))
            try:
                actions.update_group(group, actor=request.user, version=version, units=units, **data)
            except Invalid as exc:
                exc.add_to_form(form)
            else:
                messages.success(request, _("已保存。"))
                return redirect("surveys:group", pk=group.pk)
    can = POLICY.allowed_actions(request.user, group, GROUP_ACTIONS)
    open_links = (
        group.invitations.filter(is_open=True) if can["issue_invitations"] or can["view_rates"] else []
    )
    return render(request, "surveys/group.html", {
        "group": group, "form": form, "can": can, "invite_form": InviteForm(group=group),
        "open_form": OpenLinkForm(initial={"limit": group.open_limit or 200}), "open_links": open_links,
        "progress": selectors.progress(group) if can["view_rates"] else None,
        "leaf": next((leaf for leaf in leaves if leaf.code == group.leaf_code), None),
        "public_base": request.build_absolute_uri("/s/"),
    })  # fmt: skip


@login_required
@require_POST
@enforces(POLICY, "open_group")
def group_open(request: HttpRequest, pk: int) -> HttpResponse:
    group = actions.open_group(_group(request, pk, "open_group"), actor=request.user)
    messages.success(request, _("调查已开始,问卷「%(v)s」已冻结。") % {"v": group.version})
    return redirect("surveys:group", pk=pk)


@login_required
@require_POST
@enforces(POLICY, "close_group")
def group_close(request: HttpRequest, pk: int) -> HttpResponse:
    actions.close_group(_group(request, pk, "close_group"), actor=request.user)
    messages.success(request, _("调查已结束,链接不再接受答卷。"))
    return redirect("surveys:group", pk=pk)


@login_required
@require_POST
@enforces(POLICY, "issue_invitations")
def group_invite(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group(request, pk, "issue_invitations")
    form = InviteForm(request.POST, group=group)
    if not form.is_valid():
        raise Invalid.many([(name, str(err[0])) for name, err in form.errors.items()])
    tokens = actions.issue_invitations(group, actor=request.user, **form.cleaned_data)
    base = request.build_absolute_uri("/s/")
    return render(request, "surveys/invitations.html", {
        "group": group, "sheet": invitation_sheet(base, tokens),
    })  # fmt: skip


@login_required
@require_POST
@enforces(POLICY, "issue_invitations")
def group_open_link(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group(request, pk, "issue_invitations")
    form = OpenLinkForm(request.POST)
    if not form.is_valid():
        raise Invalid(_("请填写最多答卷数。"), field="limit")
    actions.create_open_link(group, actor=request.user, limit=form.cleaned_data["limit"])
    messages.success(request, _("已生成公开链接。"))
    return redirect("surveys:group", pk=pk)
