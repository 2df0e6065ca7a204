"""The results pages of a respondent group: distributions, satisfaction per unit, open answers (which can become
findings), exports, the third party's results import, and feeding the campaign's survey indicator."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lvzhi.campaigns.models import Campaign
from lvzhi.core.errors import Invalid
from lvzhi.core.policy import enforces, get_for
from lvzhi.findings.models import Finding

from . import exports, external, feed, selectors
from .actions_findings import finding_from_answer
from .forms import FindingForm, ImportForm
from .models import RespondentGroup
from .policy import POLICY
from .views import GROUP_ACTIONS

CONTENT_TYPES = exports.CONTENT_TYPES


def _group(request: HttpRequest, pk: int, action: str = "view") -> RespondentGroup:
    return get_for(
        request.user,
        RespondentGroup.objects.select_related("campaign", "version__questionnaire"),
        action,
        pk=pk,
    )


def _download(content: bytes, name: str, fmt: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@login_required
@require_GET
@enforces(POLICY, "view_results")
def group_results(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group(request, pk, "view_results")
    can = POLICY.allowed_actions(request.user, group, (*GROUP_ACTIONS, "make_finding"))
    feed_preview = None
    if can["feed_scores"] and group.leaf_code:
        try:
            feed_preview = feed.feed_rows(group)
        except Invalid as exc:
            feed_preview = (None, [], [str(exc)])
    table = selectors.satisfaction_table([group])
    small = selectors.small_units(group, table)
    return render(request, "surveys/results.html", {
        "group": group, "can": can, "table": table,
        "distributions": selectors.distributions(group, small), "left_out": selectors.sheets_about(group, small),
        "open_answers": selectors.open_answers(group, small) if can["view_open_answers"] else [],
        "open_withheld": can["view_open_answers"] and (group.responses.count() < group.min_answers or bool(small)),
        "finding_categories": Finding.Category.choices, "import_form": ImportForm(), "feed_preview": feed_preview,
        "group_units": group.units.order_by("order", "code") if can["make_finding"] else [],
        "batches": group.external_batches.all()[:5],
    })  # fmt: skip


@login_required
@require_GET
@enforces(POLICY, "export_results", "export_raw")
def group_export(request: HttpRequest, pk: int, what: str, fmt: str) -> HttpResponse:
    if what not in ("summary", "raw") or fmt not in CONTENT_TYPES:
        raise Http404
    group = _group(request, pk, "export_raw" if what == "raw" else "export_results")
    content, name = exports.export(group, what, fmt)
    return _download(content, name, fmt)


@login_required
@require_GET
@enforces(POLICY, "export_results", "export_raw")
def campaign_export(request: HttpRequest, campaign_id: int, what: str, fmt: str) -> HttpResponse:
    """The whole campaign's summary or raw answers (all its respondent groups the reader may see)."""
    if what not in ("summary", "raw") or fmt not in CONTENT_TYPES:
        raise Http404
    campaign = get_for(request.user, Campaign.objects.all(), pk=campaign_id)
    POLICY.require(request.user, "export_raw" if what == "raw" else "export_results", campaign)
    groups = selectors.campaign_groups(campaign, request.user)
    content, name = exports.campaign_export(campaign, groups, what, fmt)
    return _download(content, name, fmt)


@login_required
@require_POST
@enforces(POLICY, "feed_scores")
def group_feed(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group(request, pk, "feed_scores")
    batch = feed.feed_scores(group, actor=request.user)
    messages.success(
        request,
        _("已将%(n)s个单位的满意率计入指标「%(leaf)s」。") % {"n": batch.rows, "leaf": group.leaf_code},
    )
    return redirect("surveys:results", pk=pk)


@login_required
@require_POST
@enforces(POLICY, "import_results")
def group_import(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group(request, pk, "import_results")
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        raise Invalid(_("请选择要导入的文件。"), field="file")
    upload = form.cleaned_data["file"]
    if upload.size > external.MAX_BYTES:
        raise Invalid(_("文件不能超过 5 MB。"), field="file")
    batch = external.import_results(group, actor=request.user, content=upload.read(), filename=upload.name)
    messages.success(request, _("已导入%(n)s个单位的第三方调查结果。") % {"n": batch.rows})
    return redirect("surveys:results", pk=pk)


@login_required
@require_GET
@enforces(POLICY, "import_results")
def import_template(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group(request, pk, "import_results")
    return _download(external.template(group), f"{group.name}-第三方调查结果模板.xlsx", "xlsx")


@login_required
@require_POST
@enforces(POLICY, "make_finding")
def answer_finding(request: HttpRequest, pk: int, answer_id: str) -> HttpResponse:
    group = _group(request, pk, "make_finding")
    answer = next((a for a in selectors.open_answers(group) if str(a.pk) == str(answer_id)), None)
    if answer is None:  # not an open answer of the group, or one of a unit with too few answer sheets
        raise Http404
    form = FindingForm(request.POST, group=group)
    if not form.is_valid():
        raise Invalid.many([(name, str(err[0])) for name, err in form.errors.items()])
    finding_from_answer(group, answer, actor=request.user, **form.cleaned_data)
    messages.success(request, _("已登记为评估发现问题。"))
    return redirect("surveys:results", pk=pk)
