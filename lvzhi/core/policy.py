"""One question for every room: may this user do this to this object, now?

Each room keeps one declarative table of `Rule`s (`lvzhi/<room>/policy.py`): which roles may take an action,
in which states of the object (a campaign's stage, a scheme version's status), how the object must relate to
the user (their own unit, an assigned unit, anything they can see), and the words of the refusal. Three things
read that table and nothing else decides:

- `Policy.check/require/allowed(user, action, obj)`: actions call `require` first, so no page or endpoint can
  forget it; pages and API ask `allowed` to show or hide a button.
- `queryset.visible_to(user, action="view")`: the objects a user may see, or may take `action` on
  (`PolicyQuerySet`; the room's model queryset supplies the "view" scope and the state field).
- `get_for(user, queryset, action, **lookup)`: the one lookup pages and API use. An object outside what the
  user may see is a 404 (never a 403 that confirms it exists); an object they see but may not act on now is a
  `Refused` with the table's reason (a 403 page / a 403 response).

Routes say which rule they enforce with `@enforces(policy, action)`; the generated policy test
(tests/policy/) walks every page and API route, fails on a write route that names no rule, and checks every
rule × role × state against the route's answer.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Self, TypeVar, cast

from django.db import models
from django.http import Http404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .errors import Refused

# The roles of lvzhi.accounts.models.Role, plus "anonymous" for a visitor who has not logged in.
ROLES: tuple[str, ...] = ("admin", "evaluator", "unit_contact", "leader", "committee", "third_party")
ROLE_LABELS: dict[str, Any] = {
    "admin": _("编办管理员"),
    "evaluator": _("评估人员"),
    "unit_contact": _("单位联络员"),
    "leader": _("领导评议人"),
    "committee": _("编委会成员"),
    "third_party": _("第三方机构"),
    "anonymous": _("未登录用户"),
}
EVERYONE: frozenset[str] = frozenset(ROLES)
# Roles for which a rule's "unit" scope means their own unit (`user.unit`): a unit contact.
OWN_UNIT_ROLES: frozenset[str] = frozenset({"unit_contact"})


def role_of(user: Any) -> str:
    """The policy role of a user: superusers and office administrators are "admin"."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return "anonymous"
    if user.is_superuser or user.role == "admin":
        return "admin"
    return str(user.role)


@dataclass(frozen=True)
class Rule:
    """Who may take one action. `states=None`: in any state of the object."""

    label: Any  # the action as a refusal names it ("修改单位"); a lazy translation
    roles: frozenset[str]
    states: frozenset[str] | None = None
    # How the object must relate to the user, checked by the room's `relation` hook: e.g. "unit" (a unit
    # contact's own unit, an evaluator's assigned unit), "visible" (anything they may see), "any".
    scope: str = "visible"
    note: Any = ""  # a sentence for docs/permissions.md where the rule needs one
    # What a role outside `roles` reads (default "<role>不能<label>。"); `page_refusal` where the pages have
    # always worded the same refusal differently from the API.
    refusal: Any = ""
    page_refusal: Any = ""


def is_visible(user: Any, obj: Any) -> bool:
    """Whether `obj` is inside what its model's `visible_to(user)` returns (the "visible" relation)."""
    if obj is None or getattr(obj, "pk", None) is None:
        return True
    return bool(type(obj)._default_manager.visible_to(user).filter(pk=obj.pk).exists())


QuerySetT = TypeVar("QuerySetT", bound=models.QuerySet[Any])
StateOf = Callable[[Any], str | None]
Relation = Callable[[Any, str, Rule, Any], str | None]
Locked = Callable[[Any, str, Any], str | None]


@dataclass
class Policy:
    """A room's table and the hooks that read an object's state and relation to the user."""

    room: str
    label: Any  # the room's name in docs ("评估活动")
    rules: dict[str, Rule]
    state_of: StateOf | None = None  # obj -> its state (e.g. a campaign's stage)
    state_label: Callable[[str], str] | None = None  # state -> its Chinese name
    relation: Relation | None = None  # (user, role, rule, obj) -> refusal or None
    locked: Locked | None = None  # (obj, action, rule) -> refusal when the object is locked for every action
    # model (or its label, "schemes.SchemeVersion") -> ORM path of its state
    state_lookups: dict[type | str, str] = field(default_factory=dict)
    refusal_class: type[Refused] = Refused  # what `require` raises (a room's subclass of Refused)
    # What it raises when the object's state is the reason (a frozen scheme version: the API's 409).
    state_refusal_class: type[Refused] | None = None
    states: tuple[str, ...] = ()  # every state of the room's objects, in order (docs, the generated test)

    def rule(self, action: str) -> Rule:
        try:
            return self.rules[action]
        except KeyError as exc:
            raise KeyError(f"{self.room}: no rule {action!r} in the policy table") from exc

    def check(self, user: Any, action: str, obj: Any = None) -> str | None:
        """Why `user` may not take `action` on `obj` now, or None when allowed."""
        refusal = self._refusal(user, action, obj)
        return refusal[0] if refusal else None

    def refusal(self, user: Any, action: str, obj: Any = None) -> tuple[str, str, str] | None:
        """(the API's wording, the pages' wording, why: "role", "state" or "relation"), or None when allowed."""
        return self._refusal(user, action, obj)

    def _refusal(self, user: Any, action: str, obj: Any = None) -> tuple[str, str, str] | None:
        """(the API's wording, the pages' wording, why: "role", "state" or "relation"), or None when allowed."""
        rule = self.rule(action)
        role = role_of(user)
        if role == "anonymous":
            return gettext("请先登录。"), gettext("请先登录。"), "role"
        if role not in rule.roles:
            message = str(rule.refusal) if rule.refusal else (
                gettext("%(role)s不能%(action)s。") % {"role": ROLE_LABELS[role], "action": rule.label}
            )
            return message, str(rule.page_refusal) if rule.page_refusal else message, "role"
        if obj is None:
            return None
        reason = self.locked(obj, action, rule) if self.locked is not None else None
        if not reason and rule.states is not None and self.state_of is not None:
            state = self.state_of(obj)
            if state not in rule.states:
                reason = self.state_refusal(rule, state)
        if reason:
            return reason, reason, "state"
        reason = self.relation(user, role, rule, obj) if self.relation is not None else None
        return (reason, reason, "relation") if reason else None

    def state_refusal(self, rule: Rule, state: str | None) -> str:
        name = self.state_label or str
        allowed_in = "、".join(f"「{name(s)}」" for s in sorted(rule.states or (), key=self._state_order))
        return gettext("当前为「%(state)s」,不能%(action)s;%(action)s只能在%(stages)s时进行。") % {
            "state": name(state) if state else "",
            "action": rule.label,
            "stages": allowed_in,
        }

    def _state_order(self, state: str) -> Any:
        return (self.states.index(state) if state in self.states else len(self.states), state)

    def require(self, user: Any, action: str, obj: Any = None) -> None:
        refusal = self._refusal(user, action, obj)
        if refusal:
            message, page_message, why = refusal
            kind = self.state_refusal_class if why == "state" and self.state_refusal_class else self.refusal_class
            raise kind(message, page_message=page_message)

    def allowed(self, user: Any, action: str, obj: Any = None) -> bool:
        return self.check(user, action, obj) is None

    def own_unit_only(self, user: Any, action: str) -> bool:
        """Whether the rule limits this user to their own unit (a unit contact under a rule scoped "unit")."""
        return self.rule(action).scope == "unit" and role_of(user) in OWN_UNIT_ROLES

    def allowed_actions(self, user: Any, obj: Any, actions: Iterable[str] | None = None) -> dict[str, bool]:
        """{action: may the user take it on obj now} for templates ("can.edit")."""
        return {a: self.allowed(user, a, obj) for a in (actions if actions is not None else self.rules)}

    def roles_allowed(self, action: str, state: str | None = None) -> frozenset[str]:
        """The roles the table lets take `action` in `state` (ignoring the relation to a particular object)."""
        rule = self.rule(action)
        if state is not None and rule.states is not None and state not in rule.states:
            return frozenset()
        return rule.roles

    def narrow(self, queryset: QuerySetT, user: Any, action: str) -> QuerySetT:
        """The part of an already visible queryset on which `user` may take `action` by role and state."""
        rule = self.rule(action)
        if role_of(user) not in rule.roles:
            return queryset.none()
        lookup = self.state_lookups.get(queryset.model) or self.state_lookups.get(queryset.model._meta.label)
        if rule.states is not None and lookup:
            queryset = queryset.filter(**{f"{lookup}__in": sorted(rule.states)})
        return queryset


class PolicyQuerySet(models.QuerySet[Any]):
    """A queryset whose `visible_to(user, action)` reads its room's policy.

    Subclasses set `policy` and implement `visible(user)`: the objects the user may see at all. For another
    action the visible objects are narrowed by role and state (`Policy.narrow`) and, where a rule relates the
    object to the user (a unit contact's own unit), by the subclass's `related(user, rule)`.
    """

    policy: Policy | None = None
    view_action = "view"

    def visible(self, user: Any) -> Self:  # pragma: no cover - abstract
        raise NotImplementedError

    def related(self, user: Any, rule: Rule) -> Self:
        return self

    def visible_to(self, user: Any, action: str = "view") -> Self:
        queryset = self.visible(user)
        if action == self.view_action or self.policy is None:
            return queryset
        rule = self.policy.rule(action)
        return self.policy.narrow(queryset, user, action).related(user, rule)


ModelT = TypeVar("ModelT", bound=models.Model)


def get_for(user: Any, queryset: Any, action: str = "view", policy: Policy | None = None, **lookup: Any) -> Any:
    """The object `lookup` names, as `user` may see it; Http404 when they may not see it (or it does not
    exist); `Refused` with the table's reason when they see it but may not take `action` on it now.

    `queryset` is a model or a queryset with `visible_to(user)`; `policy` defaults to the queryset's own.
    """
    if isinstance(queryset, type) and issubclass(queryset, models.Model):
        queryset = queryset._default_manager.all()
    try:
        obj = queryset.visible_to(user).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    if action != "view":
        (policy or queryset.policy).require(user, action, obj)
    return obj


# Route → rule bindings, filled by @enforces; read by the generated policy test and docs/permissions.md.
ENFORCED: dict[Callable[..., Any], tuple[Policy, str]] = {}
F = TypeVar("F", bound=Callable[..., Any])


def enforces(policy: Policy, action: str, *more: str) -> Callable[[F], F]:
    """Mark a page view or API endpoint as the route of `policy`'s `action` (the rule must exist).

    A view serving several rules (one page for a unit's bodies, posts and persons) names each. For a Ninja
    endpoint put the mark under the router's decorator, so the function the router registers carries it.
    """
    actions = (action, *more)
    for name in actions:
        policy.rule(name)

    def mark(view: F) -> F:
        ENFORCED[view] = (policy, action)
        view.policy_action = (policy.room, action)  # type: ignore[attr-defined]
        view.policy_marks = tuple((policy, name) for name in actions)  # type: ignore[attr-defined]
        return view

    return mark


def marks_of(view: Callable[..., Any]) -> tuple[tuple[Policy, str], ...]:
    """The (policy, action) marks of a view, looked for through its decorators' wrappers."""
    seen: Callable[..., Any] | None = view
    while seen is not None:
        marks = getattr(seen, "policy_marks", None)
        if marks:
            return tuple(marks)
        if seen in ENFORCED:
            return (ENFORCED[seen],)
        seen = getattr(seen, "__wrapped__", None)
    return ()


def requires(policy: Policy, action: str) -> Callable[[F], F]:
    """A page view for a rule that needs no object: refused (403 with the table's reason) before the view runs
    unless the user's role may take `action`; marked with @enforces. Put it under @login_required."""

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def guarded(request: Any, *args: Any, **kwargs: Any) -> Any:
            policy.require(request.user, action)
            return view(request, *args, **kwargs)

        return enforces(policy, action)(cast(F, guarded))

    return decorate


POLICIES: dict[str, Policy] = {}


def all_policies() -> dict[str, Policy]:
    """Every room's table: each installed app's `policy` module imported (as the admin finds `admin` modules)."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("policy")
    return POLICIES


def register(policy: Policy) -> Policy:
    """Every room registers its table once (in its policy module) so docs and the generated test find it."""
    POLICIES[policy.room] = policy
    return policy
