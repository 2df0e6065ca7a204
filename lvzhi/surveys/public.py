"""The respondent's pages: no login, small, for a phone on a weak connection.

GET /s/<token>/ shows the questionnaire (or says plainly why the link cannot be answered). The answers are
posted to /s/submit/ — the token travels in the body, never in the address of a submission, so no request log
line of a submission carries it; these views log nothing themselves and write no audit record. A refusal is a
page with one sentence in Chinese and, on the token's own address, status 200 (a 4xx there would make Django's
request logger write the address, token and all).
"""

from __future__ import annotations

import secrets
import threading
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from lvzhi.core.clientip import client_ip
from lvzhi.core.errors import Invalid

from . import answering, limits
from .answering import LinkRefused
from .models import Question

MAX_BODY = 64 * 1024


def _message(request: HttpRequest, text: str, status: int = 200, title: str = "") -> HttpResponse:
    return render(request, "surveys/public_message.html", {"text": text, "title": title or _("问卷调查")},
                  status=status)  # fmt: skip


def _address(request: HttpRequest) -> str:
    """The respondent's address as the lockout and the audit log see it: behind nginx the one X-Forwarded-For
    names (LVZHI_TRUSTED_PROXIES), else every respondent would share nginx's address and its limit."""
    return client_ip(request)


_blank_forms: dict[tuple[Any, ...], str] = {}
_blank_forms_lock = threading.Lock()
BLANK_FORMS_KEPT = 256


def _questions_html(version: Any, units: list[Any], questions: list[Question], problems: dict, picked: dict,
                    fresh: bool) -> str:  # fmt: skip
    """The questions of the form. A blank form of a frozen version depends only on the version and the units it
    rates, so each process renders it once per (version, units' names) and serves the same text afterwards."""
    key = None
    if fresh and version.is_frozen and version.frozen_at is not None:
        key = (version.pk, version.frozen_at, get_language(), tuple((u.pk, u.name) for u in units))
        html = _blank_forms.get(key)
        if html is not None:
            return html
    needs_unit = len(units) > 1 and any(q.rating_kind and q.kind != Question.Kind.MATRIX for q in questions)
    items = []
    section = None
    for q in questions:
        if q.section_id and q.section != section:
            section = q.section
            items.append({"section": section})
        items.append({"q": q, "errors": problems.get(f"q{q.pk}", []), "picked": picked.get(f"q{q.pk}", []),
                      "rows": [(u, picked.get(f"q{q.pk}_u{u.pk}", [""])[0]) for u in units]})  # fmt: skip
    html = render_to_string(
        "surveys/_answer_questions.html",
        {"items": items, "units": units, "needs_unit": needs_unit, "unit_errors": problems.get("unit", []),
         "picked_unit": picked.get("unit", [""])[0]},
    )  # fmt: skip
    if key is not None:
        with _blank_forms_lock:
            while len(_blank_forms) >= BLANK_FORMS_KEPT:
                _blank_forms.pop(next(iter(_blank_forms)))
            _blank_forms[key] = html
    return html


def _page(request: HttpRequest, invitation: Any, token: str, sid: str, errors: Any = None, data: Any = None,
          status: int = 200) -> HttpResponse:  # fmt: skip
    version = invitation.group.version
    units = answering.rated_units(invitation)
    problems: dict[str | None, list[str]] = {}
    for p in getattr(errors, "problems", []):
        problems.setdefault(p.field, []).append(p.message)
    picked = {}
    if data is not None:
        for key in data:
            picked[key] = data.getlist(key)
    questions_html = _questions_html(version, units, answering.questions_of(version), problems, picked,
                                     fresh=errors is None and data is None)  # fmt: skip
    return render(
        request,
        "surveys/answer.html",
        {"version": version, "group": invitation.group, "token": token, "sid": sid,
         "questions_html": questions_html,  # a SafeString: escaped by its own template
         "unit_errors": problems.get("unit", []), "picked_unit": picked.get("unit", [""])[0],
         "general_errors": problems.get(None, []) + problems.get("sid", [])},
        status=status,
    )  # fmt: skip


@never_cache
@require_GET
def answer_page(request: HttpRequest, token: str) -> HttpResponse:
    if not limits.allow(_address(request), token):
        return _message(request, _("访问过于频繁,请稍后再试。"))
    invitation = answering.find_invitation(token)
    reason = answering.refusal_for(invitation)
    if reason:
        return _message(request, reason)
    return _page(request, invitation, token, secrets.token_urlsafe(18))


@never_cache
@require_POST
def submit(request: HttpRequest) -> HttpResponse:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > getattr(settings, "SURVEY_MAX_BODY", MAX_BODY):
        return _message(request, _("提交的内容过大,请精简开放题的回答后再提交。"), status=413)
    token = str(request.POST.get("token", ""))
    sid = str(request.POST.get("sid", ""))
    if not limits.allow(_address(request), token):
        return _message(request, _("提交过于频繁,请稍后再试。"), status=429)
    try:
        answering.submit(token, sid, request.POST)
    except LinkRefused as exc:
        return _message(request, str(exc), status=409)
    except Invalid as exc:
        invitation = answering.find_invitation(token)
        if invitation is None:
            return _message(request, _("链接无效:请核对链接或二维码是否完整。"), status=409)
        return _page(request, invitation, token, sid, errors=exc, data=request.POST, status=422)
    return redirect("surveys_public:thanks")


@require_GET
def thanks(request: HttpRequest) -> HttpResponse:
    return _message(request, _("答卷已提交,感谢您的参与!"), title=_("提交成功"))
