"""The confidentiality walk: the demo's unit contact (lianluo, 莱阳市发展和改革局) opens every page, export and
API route it can reach, at every stage of the demo's 2026 campaign, and finds none of the figures kept from it:

- the leader ratings of its unit — the labels, the points each rating gives, who rated (the leader's name);
- its own total score and rank before the campaign opens results to units (the feedback stage).

The walk follows every link of every page it opens (from the workbench), adds every page route of the campaign
room and every GET route of the API document with the contact's campaign and unit filled in, and each page's
Excel/Word variants. It reads HTML, JSON, Excel and Word. To know that it would see the figures if they were
there, it also checks that the office sees them on the same routes, and the contact its own total from feedback on.
"""

import contextlib
import io
import json
import re
from collections import Counter, deque
from decimal import Decimal
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from lvzhi.accounts.models import Role, User
from lvzhi.audit.context import audit_context
from lvzhi.campaigns import actions, scoring
from lvzhi.campaigns.models import STAGE_ORDER, Campaign, Stage, UnitResult

pytestmark = pytest.mark.django_db

# Distinctive ratings for the walked unit (H1 优秀 → 6.50 points, H2 良好 → 5.20 points of A9's 13).
WALK_RATINGS = {"H1": "优秀", "H2": "良好"}
LABELS = ("优秀", "良好")
PER_PATTERN_LIMIT = 2  # pages per route shape (digits replaced): every kind of page, not every audit entry


def build_demo():
    from lvzhi.demo.build import build_demo as build

    with audit_context(reason="演示数据", source="demo"):
        User.objects.create_superuser("admin", password="x", role=Role.ADMIN, full_name="编办管理员")
        build(seed=2026)


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    build_demo()
    contact = User.objects.get(username="lianluo")
    campaign = Campaign.objects.get(year=2026)
    # The walked unit's ratings, made distinctive (and complete), through the leader's own action.
    leader = User.objects.get(pk=campaign.assignments.get(kind="leader", unit=contact.unit).user_id)
    for period, label in WALK_RATINGS.items():
        actions.rate_unit(campaign, actor=leader, unit=contact.unit, period=period, rating=label)
    return contact, campaign, leader


def _texts_of(response) -> list[str]:
    """The readable text of a response: HTML/JSON as text, Excel cell by cell, Word paragraph by paragraph."""
    kind = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in kind:
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(body), read_only=True)
        return [
            str(v)
            for ws in wb.worksheets
            for row in ws.iter_rows(values_only=True)
            for v in row
            if v is not None
        ]
    if "wordprocessingml" in kind:
        from docx import Document

        doc = Document(io.BytesIO(body))
        cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
        return [p.text for p in doc.paragraphs] + cells
    return [body.decode("utf-8", "replace")]


def _json_leaks(data, secret) -> list[str]:
    """What a JSON document shows of the secret figures: rating labels as values or keys (a label list, a
    {label: count} mapping), a leader-rating node with its ratings or per-period scores, the own total or rank."""
    found = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key in LABELS:
                found.append(f"rating label as key {key}")
            found += _json_leaks(value, secret)
        if data.get("code") in secret["rating_codes"]:
            if "input" in data or "detail" in data:
                found.append(f"ratings behind {data['code']}")
            if any(isinstance(p, dict) and "score" in p for p in (data.get("periods") or {}).values()):
                found.append(f"points of each period's rating in {data['code']}")
        total, value = secret.get("total"), data.get("total")
        if (
            total is not None
            and value is not None
            and _is_number(str(value))
            and Decimal(str(value)) == total
        ):
            found.append(f"own total {value}")
    elif isinstance(data, list):
        for item in data:
            found += _json_leaks(item, secret)
    elif isinstance(data, str) and data in LABELS:
        found.append(f"rating label as value {data}")
    return found


def leaks(response, secret) -> list[str]:
    """What of the secret figures the response shows."""
    out = []
    kind = response.get("Content-Type", "")
    texts = _texts_of(response)
    joined = "\n".join(texts)
    out += [f"rater: {name}" for name in secret["raters"] if name in joined]
    total = secret.get("total")
    if "json" in kind:
        with contextlib.suppress(ValueError):
            out += _json_leaks(json.loads(joined), secret)
    elif "html" in kind:
        out += [f"rating label in a cell: {m}" for m in re.findall(r">\s*(优秀|良好)\s*<", joined)]
        if total is not None:
            shown = f"{total.quantize(Decimal('0.01'))}"
            out += [f"own total in a cell: {m}" for m in re.findall(rf">\s*({re.escape(shown)})\s*<", joined)]
    else:
        out += [f"rating label as a cell: {t}" for t in texts if t.strip() in LABELS]
        if total is not None:
            out += [
                f"own total as a cell: {t}" for t in texts if _is_number(t) and Decimal(t.strip()) == total
            ]
    return out


def _is_number(text: str) -> bool:
    try:
        Decimal(text.strip())
    except (ArithmeticError, ValueError):
        return False
    return True


def route_seeds(campaign, unit_id) -> list[str]:
    """Every page route of the campaign room and every GET route of the API for this campaign and unit."""
    from lvzhi.api.site import api
    from lvzhi.campaigns.urls import urlpatterns

    seeds = ["/"]
    for pattern in urlpatterns:
        params = {"pk": campaign.pk, "unit_id": unit_id, "form": "performance_report"}
        names = re.findall(r"<(?:\w+:)?(\w+)>", str(pattern.pattern))
        if not set(names) <= set(params):
            continue
        url = reverse(f"campaigns:{pattern.name}", kwargs={n: params[n] for n in names})
        seeds += [url, f"{url}?format=xlsx"] + ([f"{url}?format=docx"] if "bulletin" in url else [])
    for path, ops in api.get_openapi_schema()["paths"].items():
        if "get" not in ops:
            continue
        url = (
            path.replace("{campaign_id}", str(campaign.pk))
            .replace("{unit_id}", str(unit_id))
            .replace("{form}", "performance_report")
        )
        if "{" not in url:
            seeds.append(url + ("&" if "?" in url else "?") + "limit=500")
    return seeds


def stage_paths(campaign) -> tuple[str, ...]:
    """The routes whose content changes with the campaign's stage: its pages, the campaign API, the audit log,
    the workbench and the notifications (the registry and the schemes do not move with a campaign)."""
    return (
        f"/campaigns/{campaign.pk}/", "/api/campaigns/", "/api/audit/", "/audit/", "/campaigns/notifications",
        "/api/accounts/me",
    )  # fmt: skip


def route_shape(parts) -> str:
    """A page's kind: its path with numbers as N, and the names of its query parameters (a search or a filter
    is one kind of page whatever is searched for); the format asked for (xlsx, docx) makes a kind of its own."""
    query = parse_qs(parts.query)
    names = sorted(name if name != "format" else f"format={query[name][0]}" for name in query)
    return re.sub(r"\d+", "N", parts.path) + ("?" + "&".join(names) if names else "")


def walk(client, seeds, forbidden, only=None) -> tuple[dict[str, list[str]], int]:
    """Open every seed and every link reachable from them (GET only; with `only`, the workbench and the paths
    starting with one of those); {url: leaks} and the number opened."""
    queue, seen, shapes, found = deque(seeds), set(), Counter(), {}
    opened = 0
    while queue:
        url = queue.popleft()
        parts = urlsplit(url)
        if parts.netloc or not parts.path.startswith("/") or url in seen:
            continue
        if parts.path.startswith(("/static/", "/accounts/logout", "/api/docs")):
            continue
        if only and parts.path != "/" and not parts.path.startswith(only):
            continue
        shape = route_shape(parts)
        if shapes[shape] >= PER_PATTERN_LIMIT:
            continue
        seen.add(url)
        shapes[shape] += 1
        response = client.get(url)
        opened += 1
        if response.status_code != 200:
            continue
        problems = leaks(response, forbidden)
        if problems:
            found[url] = problems
        if "html" in response.get("Content-Type", ""):
            for href in re.findall(r'href="([^"#]+)"', response.content.decode()):
                queue.append(urljoin(url, href.replace("&amp;", "&")))
    return found, opened


def secret_figures(campaign, contact, leader, *, results_open: bool) -> dict:
    """The figures the contact must not find: the rater; the ratings behind the leader-rating leaves; its own
    total (and rank) while results are not open to it."""
    from lvzhi.campaigns import schemeinfo

    info = schemeinfo.info_for(campaign.scheme_version)
    secret = {
        "raters": [leader.full_name],
        "rating_codes": {leaf.code for leaf in info.leaves if leaf.source == "leader_rating"},
    }
    result = UnitResult.objects.filter(campaign=campaign, unit=contact.unit).first()
    if not results_open and result is not None and result.total is not None:
        secret["total"], secret["rank"] = result.total, result.rank
    return secret


def advance(campaign, admin, committee):
    """The next stage, as the office and the committee move it (forced where inputs are missing: the walk is
    about what the contact sees, not about the inputs)."""
    campaign = Campaign.objects.get(pk=campaign.pk)
    if campaign.stage == Stage.SCORING:
        scoring.compute(campaign, actor=admin)
        for flag in campaign.flags.all():
            actions.resolve_flag(flag, actor=admin, note="已核实。")
    if campaign.stage == Stage.APPROVAL:
        scoring.compute(campaign, actor=admin) if campaign.results_stale else None
        return actions.record_decision(
            campaign, actor=committee, meeting="2026年第5次编委会会议", decided_on=campaign.created_at.date(),
            outcome="approved", text="审定通过。", acknowledge_gaps=True,
        ).campaign  # fmt: skip
    if campaign.stage == Stage.PUBLICATION:
        actions.publish(campaign, actor=admin)
        return Campaign.objects.get(pk=campaign.pk)
    return actions.close_stage(campaign, actor=admin, force=True, reason="走查测试:推进到下一阶段")


def test_a_unit_contact_walks_every_route_at_every_stage_and_finds_no_confidential_figure(demo):
    contact, campaign, leader = demo
    admin = User.objects.get(username="admin")
    committee = User.objects.get(username="bianwei")
    client = Client()
    client.force_login(contact)
    office = Client()
    office.force_login(admin)
    walked = []
    while True:
        campaign = Campaign.objects.get(pk=campaign.pk)
        if campaign.stage != Stage.SELF_ASSESSMENT or walked:
            scoring.compute(campaign, actor=admin) if not campaign.is_published and campaign.stage not in {
                Stage.APPROVAL, Stage.PUBLICATION} else None  # fmt: skip
        results_open = campaign.stage in {Stage.FEEDBACK, Stage.APPROVAL, Stage.PUBLICATION}
        forbidden = secret_figures(campaign, contact, leader, results_open=results_open)
        seeds = route_seeds(campaign, contact.unit_id)
        # The whole site at the first and the last stage; in between, what moves with the stage.
        whole = not walked or campaign.is_published
        found, opened = walk(client, seeds, forbidden, only=None if whole else stage_paths(campaign))
        assert found == {}, f"stage {campaign.stage}: {found}"
        assert opened > (120 if whole else 30), opened
        walked.append(campaign.stage if not campaign.is_published else "published")
        # The office sees the ratings and the rater: the walk would find them.
        office_found, _opened = walk(
            office,
            [
                f"/api/campaigns/{campaign.pk}/ratings?limit=500",
                reverse("campaigns:ratings", args=[campaign.pk]),
            ],
            forbidden,
        )
        shown = [p for ps in office_found.values() for p in ps]
        assert any("rater" in p for p in shown) and any("rating label" in p for p in shown), shown
        if results_open:
            total = UnitResult.objects.get(campaign=campaign, unit=contact.unit).total
            page = client.get(reverse("campaigns:unit_result", args=[campaign.pk, contact.unit_id]))
            assert f"{total.quantize(Decimal('0.01'))}" in page.content.decode()
        if campaign.is_published:
            break
        campaign = advance(campaign, admin, committee)
    # Every stage from where the demo leaves the campaign (desk review) to publication, and after it.
    order = [*STAGE_ORDER, "published"]
    assert walked == order[order.index(walked[0]) :] and walked[0] == Stage.DESK_REVIEW
