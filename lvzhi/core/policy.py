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

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

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
    state_lookups: dict[type, str] = field(default_factory=dict)  # model -> ORM path of its state

    def rule(self, action: str) -> Rule:
        try:
            return self.rules[action]
        except KeyError as exc:
            raise KeyError(f"{self.room}: no rule {action!r} in the policy table") from exc

    def check(self, user: Any, action: str, obj: Any = None) -> str | None:
        """Why `user` may not take `action` on `obj` now, or None when allowed."""
        rule = self.rule(action)
        role = role_of(user)
        if role == "anonymous":
            return gettext("请先登录。")
        if role not in rule.roles:
            return gettext("%(role)s不能%(action)s。") % {"role": ROLE_LABELS[role], "action": rule.label}
        if obj is None:
            return None
        if self.locked is not None:
            reason = self.locked(obj, action, rule)
            if reason:
                return reason
        if rule.states is not None and self.state_of is not None:
            state = self.state_of(obj)
            if state not in rule.states:
                return self.state_refusal(rule, state)
        if self.relation is not None:
            return self.relation(user, role, rule, obj)
        return None

    def state_refusal(self, rule: Rule, state: str | None) -> str:
        name = self.state_label or str
        allowed_in = "、".join(f"「{name(s)}」" for s in sorted(rule.states or (), key=self._state_order))
        return gettext("当前为「%(state)s」,不能%(action)s;%(action)s只能在%(stages)s时进行。") % {
            "state": name(state) if state else "",
            "action": rule.label,
            "stages": allowed_in,
        }

    def _state_order(self, state: str) -> Any:
        return state

    def require(self, user: Any, action: str, obj: Any = None) -> None:
        reason = self.check(user, action, obj)
        if reason:
            raise Refused(reason)

    def allowed(self, user: Any, action: str, obj: Any = None) -> bool:
        return self.check(user, action, obj) is None

    def allowed_actions(self, user: Any, obj: Any, actions: Iterable[str] | None = None) -> dict[str, bool]:
        """{action: may the user take it on obj now} for templates ("can.edit")."""
        return {a: self.allowed(user, a, obj) for a in (actions if actions is not None else self.rules)}

    def roles_allowed(self, action: str, state: str | None = None) -> frozenset[str]:
        """The roles the table lets take `action` in `state` (ignoring the relation to a particular object)."""
        rule = self.rule(action)
        if state is not None and rule.states is not None and state not in rule.states:
            return frozenset()
        return rule.roles

    def narrow(self, queryset: models.QuerySet, user: Any, action: str) -> models.QuerySet:
        """The part of an already visible queryset on which `user` may take `action` by role and state."""
        rule = self.rule(action)
        if role_of(user) not in rule.roles:
            return queryset.none()
        lookup = self.state_lookups.get(queryset.model)
        if rule.states is not None and lookup:
            queryset = queryset.filter(**{f"{lookup}__in": sorted(rule.states)})
        return queryset


class PolicyQuerySet(models.QuerySet):
    """A queryset whose `visible_to(user, action)` reads its room's policy.

    Subclasses set `policy` and implement `visible(user)`: the objects the user may see at all. For another
    action the visible objects are narrowed by role and state (`Policy.narrow`) and, where a rule relates the
    object to the user (a unit contact's own unit), by the subclass's `related(user, rule)`.
    """

    policy: Policy | None = None
    view_action = "view"

    def visible(self, user: Any) -> models.QuerySet:  # pragma: no cover - abstract
        raise NotImplementedError

    def related(self, user: Any, rule: Rule) -> models.QuerySet:
        return self

    def visible_to(self, user: Any, action: str = "view") -> models.QuerySet:
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


def enforces(policy: Policy, action: str) -> Callable[[F], F]:
    """Mark a page view or API endpoint as the route of `policy`'s `action` (the rule must exist)."""
    policy.rule(action)

    def mark(view: F) -> F:
        ENFORCED[view] = (policy, action)
        view.policy_action = (policy.room, action)  # type: ignore[attr-defined]
        return view

    return mark


POLICIES: dict[str, Policy] = {}


def register(policy: Policy) -> Policy:
    """Every room registers its table once (in its policy module) so docs and the generated test find it."""
    POLICIES[policy.room] = policy
    return policy
