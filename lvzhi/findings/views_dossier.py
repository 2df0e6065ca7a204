"""Pages of the performance dossier (履职档案): the office's register of units' staffing requests (机构编制事项
请示), each opening the unit's dossier for the year before it was received in one click, a unit's dossier as of
today, and either as an Excel workbook. Thin: a form in, the action or the read model, a template out."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lvzhi.core import spreadsheets
from lvzhi.core.downloads import attach, file_name
from lvzhi.core.errors import Invalid
from lvzhi.core.policy import enforces, get_for
from lvzhi.registry.models import Unit

from . import actions, dossier
from .forms import RequestForm
from .models import StaffingRequest
from .policy import POLICY


@login_required
@require_GET
@enforces(POLICY, "view_dossier")
def requests_page(request: HttpRequest) -> HttpResponse:
    POLICY.require(request.user, "view_dossier")
    items = StaffingRequest.objects.visible_to(request.user, "view_dossier").select_related("unit")
    return render(request, "findings/requests.html", {
        "items": items[:300], "form": RequestForm(initial={"received_on": timezone.localdate()}),
        "can_record": POLICY.allowed(request.user, "record_request"), "active": "requests",
    })  # fmt: skip


@login_required
@require_POST
@enforces(POLICY, "record_request")
def record_request(request: HttpRequest) -> HttpResponse:
    POLICY.require(request.user, "record_request")
    form = RequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, Invalid.from_form(form).message)
        return redirect("findings:requests")
    item = actions.record_request(actor=request.user, **form.cleaned_data)
    messages.success(request, _("请示已登记,以下是该单位近一年的履职档案。"))
    return redirect("findings:request", pk=item.pk)


def _page(
    request: HttpRequest, unit: Unit, until: datetime.date | None, item: StaffingRequest | None
) -> HttpResponse:
    d = dossier.dossier(request.user, unit, until)
    query = f"?until={d.until.isoformat()}"
    return render(
        request, "findings/dossier.html", {"d": d, "item": item, "xlsx_query": query, "active": "requests"}
    )


@login_required
@require_GET
@enforces(POLICY, "view_dossier")
def request_page(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_for(request.user, StaffingRequest.objects.select_related("unit"), "view_dossier", pk=pk)
    return _page(request, item.unit, item.received_on, item)


def _until(request: HttpRequest) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(request.GET.get("until", ""))
    except ValueError:
        return None


@login_required
@require_GET
@enforces(POLICY, "view_dossier")
def dossier_page(request: HttpRequest, pk: int) -> HttpResponse:
    POLICY.require(request.user, "view_dossier")
    return _page(request, get_for(request.user, Unit, pk=pk), _until(request), None)


@login_required
@require_GET
@enforces(POLICY, "view_dossier")
def dossier_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    POLICY.require(request.user, "view_dossier")
    unit = get_for(request.user, Unit, pk=pk)
    d = dossier.dossier(request.user, unit, _until(request))
    response = HttpResponse(dossier.workbook(d), content_type=spreadsheets.XLSX_CONTENT_TYPE)
    return attach(response, file_name(unit.name, _("履职档案"), d.until.isoformat(), suffix="xlsx"))
