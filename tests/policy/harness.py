"""The generated policy test's machinery: find every route, read its @enforces mark, and check that the route
answers each role in each state the way its room's policy table says.

A route is a page URL pattern (django.urls) or a Ninja API operation (lvzhi.api.site). A *write* route is an
API operation with POST, PUT, PATCH or DELETE, or a page view that accepts POST (one not restricted to GET by
`require_GET` / `require_http_methods`). Every write route must carry an @enforces mark (lvzhi.core.policy),
apart from the few in ALLOWED_UNMARKED.

For each marked route, each role and each state of the room (policy.states; one state, None, for a stateless
room) the room's World supplies the object, the URL's parameters and a minimal body (worlds/). The table's
answer is `policy.refusal(user, action, obj)`; the route's answer is its status:

- refused by the table → 403 or 404; where the object's *state* is the reason, also the answers rooms have
  always given for that: 409 (API) or a redirect back with a message saying why (pages);
- allowed → neither 403 nor 404.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.contrib.messages import constants as message_levels
from django.contrib.messages import get_messages
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from lvzhi.core.policy import Policy, marks_of

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

# Write routes with no policy mark, each with the reason. Keep it short.
ALLOWED_UNMARKED: dict[str, str] = {
    "login": "signing in: anyone may try; django-axes locks an account after repeated failures",
    "logout": "signing out ends the caller's own session and nothing else",
    "password_change": "every signed-in user changes their own password (Django's view, the old one required)",
    "surveys_public:submit": "a respondent's answer: no account; the single-use invitation in the body is the "
    "permission (lvzhi.surveys.answering), with CSRF, size and rate limits",
}
# URL namespaces the walk leaves out, each with the reason.
SKIPPED_NAMESPACES: dict[str, str] = {
    "admin": "Django's admin site: staff accounts only, with Django's own model permissions",
    "api-1.0.0": "the Ninja API's URL patterns: walked as API operations instead (api_routes)",
}
# Rooms whose routes wait for their world (worlds/<room>.py); left out of the walk until then, each entry saying
# why. Empty once every room has one.
PENDING_PREFIXES: dict[str, str] = {}


@dataclass(frozen=True)
class Route:
    kind: str  # "page" or "api"
    name: str  # the URL name ("schemes:version_publish") or "POST /api/schemes/{code}/…"
    path: str  # with {parameter} placeholders: "/schemes/{code}/v{number}/publish/"
    methods: tuple[str, ...]
    view: Callable[..., Any] = field(compare=False, hash=False)

    @property
    def params(self) -> tuple[str, ...]:
        return tuple(re.findall(r"\{(\w+)\}", self.path))

    @property
    def marks(self) -> tuple[tuple[Policy, str], ...]:
        return marks_of(self.view)

    @property
    def is_write(self) -> bool:
        return bool(WRITE_METHODS & set(self.methods))

    @property
    def method(self) -> str:
        """The method a case calls: the write one where there is one."""
        writes = [m for m in self.methods if m in WRITE_METHODS]
        return writes[0] if writes else self.methods[0]

    def url(self, values: dict[str, Any]) -> str:
        return self.path.format(**{name: values[name] for name in self.params})

    def __str__(self) -> str:
        return f"{self.kind} {self.name}"


# Routes ------------------------------------------------------------------------------------------------------


def _allowed_methods(view: Callable[..., Any]) -> tuple[str, ...]:
    """The methods a page view accepts, read from django.views.decorators.http.require_http_methods' closure
    anywhere in its chain of wrappers; GET and POST when nothing restricts it."""
    seen: Any = view
    while seen is not None:
        code = getattr(seen, "__code__", None)
        if code is not None and "request_method_list" in code.co_freevars:
            cell = seen.__closure__[code.co_freevars.index("request_method_list")]
            return tuple(m.upper() for m in cell.cell_contents)
        seen = getattr(seen, "__wrapped__", None)
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return tuple(m.upper() for m in view_class.http_method_names if hasattr(view_class, m) and m != "options")
    return ("GET", "POST")


def _template(pattern: str) -> str:
    """A path() route ("<str:code>/v<int:number>/") as a format string ("{code}/v{number}/")."""
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", pattern)


def page_routes(urlconf: str | None = None) -> list[Route]:
    """Every page URL pattern of the URLconf (the project's by default), namespaced names and all."""
    found: list[Route] = []

    def walk(patterns: Iterable[Any], prefix: str, namespace: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                ns = entry.namespace or ""
                if ns in SKIPPED_NAMESPACES:
                    continue
                inner = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
                walk(entry.url_patterns, prefix + _template(str(entry.pattern)), inner)
            elif isinstance(entry, URLPattern):
                name = f"{namespace}:{entry.name}" if namespace and entry.name else (entry.name or "")
                path = "/" + prefix + _template(str(entry.pattern))
                if path.startswith(tuple(PENDING_PREFIXES)):
                    continue
                found.append(Route("page", name, path, _allowed_methods(entry.callback), entry.callback))

    walk(get_resolver(urlconf).url_patterns, "", "")
    return found


def api_routes(api: Any = None) -> list[Route]:
    """Every operation of the Ninja API (lvzhi.api.site.api by default): routers → paths → methods."""
    if api is None:
        from lvzhi.api.site import api
    found: list[Route] = []
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            full = "/api/" + "/".join(part.strip("/") for part in (prefix, path) if part.strip("/"))
            full = re.sub(r"\{(?:\w+:)?(\w+)\}", r"{\1}", full) + ("/" if path.endswith("/") or not path else "")
            if full.startswith(tuple(PENDING_PREFIXES)):
                continue
            for operation in path_view.operations:
                methods = tuple(operation.methods)
                found.append(Route("api", f"{'/'.join(methods)} {full}", full, methods, operation.view_func))
    return found


def all_routes() -> list[Route]:
    return page_routes() + api_routes()


def unmarked_write_routes(routes: Iterable[Route]) -> list[str]:
    """Write routes with no @enforces mark (and not in ALLOWED_UNMARKED)."""
    return sorted(
        str(route)
        for route in routes
        if route.is_write and not route.marks and not {route.name, route.name.rpartition(":")[2]} & set(ALLOWED_UNMARKED)
    )


def dangling_marks(routes: Iterable[Route]) -> list[str]:
    """Marks that name a rule their policy table no longer has."""
    return sorted(
        f"{route}: {policy.room}.{action}"
        for route in routes
        for policy, action in route.marks
        if action not in policy.rules
    )


def routes_of(routes: Iterable[Route], room: str, action: str) -> list[Route]:
    return [route for route in routes if any(p.room == room and a == action for p, a in route.marks)]


# Worlds -----------------------------------------------------------------------------------------------------


@dataclass
class Target:
    """What a case acts on: the object the table judges (None for a rule about the room as a whole), the URL's
    parameters (a superset is fine), and the body to send (JSON for the API unless `multipart`)."""

    obj: Any = None
    params: dict[str, Any] = field(default_factory=dict)
    body: dict[str, Any] | None = None
    multipart: bool = False


class World:
    """A room's objects for the generated test. A room subclasses it (worlds/<room>.py): `users[role]` is the
    user playing each role, related to the objects the way tests/factories.py relates them (the unit contact
    is unit_a's, the evaluator is assigned unit_a …); `target(route, action, state)` what the route acts on, for
`acting_user` (the user of the case being checked, for objects each user has their own of, such as jobs)."""

    policy: Policy
    users: dict[str, Any]
    acting_user: Any = None

    def states(self) -> tuple[str | None, ...]:
        return self.policy.states or (None,)

    def target(self, route: Route, action: str, state: str | None) -> Target:  # pragma: no cover - abstract
        raise NotImplementedError


# Checking ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    status: int
    redirect_message: str = ""  # a page's redirect back with a message that is not a success


def call(client: Client, route: Route, target: Target) -> Answer:
    path = route.url(target.params)
    method = route.method.lower()
    if method in {"get", "delete"}:
        response = getattr(client, method)(path)
    elif route.kind == "api" and not target.multipart:
        import json

        response = getattr(client, method)(path, json.dumps(target.body or {}), content_type="application/json")
    else:
        response = getattr(client, method)(path, target.body or {})
    message = ""
    if route.kind == "page" and response.status_code in (301, 302, 303):
        refusals = [m for m in get_messages(response.wsgi_request) if m.level != message_levels.SUCCESS]
        message = str(refusals[0]) if refusals else ""
    return Answer(response.status_code, message)


def judge(route: Route, expected: tuple[str, str, str] | None, answer: Answer) -> str | None:
    """A mismatch between the table's answer (`expected`: policy.refusal(…)) and the route's, or None."""
    if expected is None:
        if answer.status in (403, 404):
            return f"the table allows it, the route answered {answer.status}"
        return None
    _message, _page_message, why = expected
    if answer.status in (403, 404):
        return None
    if why == "state" and (answer.status == 409 if route.kind == "api" else bool(answer.redirect_message)):
        return None
    return f"the table refuses it ({why}: {expected[0]}), the route answered {answer.status}"


def check_case(world: World, routes: Iterable[Route], action: str, role: str, state: str | None) -> list[str]:
    """Every route marked with `action`, called as `role` on the object in `state`; the mismatches."""
    user = world.users[role]
    client = Client()
    client.force_login(user)
    problems = []
    world.acting_user = user
    for route in routes:
        target = world.target(route, action, state)
        expected = world.policy.refusal(user, action, target.obj)
        savepoint = transaction.savepoint()
        try:
            answer = call(client, route, target)
        finally:
            transaction.savepoint_rollback(savepoint)
        problem = judge(route, expected, answer)
        if problem:
            problems.append(f"{route} as {role}" + (f" in {state}" if state else "") + f": {problem}")
    return problems


def cases(worlds: dict[str, type[World]], routes: list[Route]) -> Iterator[tuple[str, str, str, str | None]]:
    """(room, action, role, state) for every rule with a marked route, every role, every state of its room."""
    from lvzhi.core.policy import ROLES, all_policies

    for room, policy in sorted(all_policies().items()):
        if room not in worlds:
            continue
        for action in policy.rules:
            if not routes_of(routes, room, action):
                continue
            for state in policy.states or (None,):
                for role in ROLES:
                    yield room, action, role, state
