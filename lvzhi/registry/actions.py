"""Changes to the registry. Each function is one transaction, takes the acting user as `actor`, validates the
object (model rules and unique constraints, so the API gets the same checks as the forms) and leaves the audit
record to lvzhi.audit (who, when, before and after, the reason), written inside the transaction.

Errors are the shared kinds (lvzhi.core.errors): a model rule that fails is Django's ValidationError naming
the field (the API and the forms show it on that field), a conflicting write is `Invalid`, a change refused
because of the data that depends on the object is `RegistryError` (a `Refused`, 409 in the API).

Each starts by enforcing the registry's policy table (lvzhi.registry.policy: `POLICY.require(actor, …)`), so
no page or endpoint can forget it; views and API endpoints look objects up with `get_for` first, so that an
object the user does not see is a 404 before anything else.
"""

from __future__ import annotations

import contextlib

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, ProtectedError
from django.utils.translation import gettext as _

from lvzhi.audit.context import audit_context
from lvzhi.core.errors import Invalid, Refused

from .models import (
    Category,
    InternalBody,
    LeadershipLevel,
    LeadershipQuota,
    MainDuty,
    Person,
    Post,
    Region,
    SanDing,
    StaffingKind,
    StaffingQuota,
    Unit,
)
from .policy import POLICY


class RegistryError(Refused):
    """A change the registry refuses because of the data that depends on the object; the message says what to
    do first. A conflict with the current state rather than a missing permission: 409 in the API."""

    status_code = 409


def may_edit_sanding(user) -> bool:
    """The content of a 三定 (duties, quotas, leadership posts, versions) is approved by the staffing office:
    only office administrators change it; a unit contact maintains its bodies, posts and persons."""
    return POLICY.allowed(user, "edit_sanding")


def _require(actor, verb: str, what: str, obj) -> None:
    """create_/edit_ (as the object is new or stored) or delete_ `what`, by the registry's table."""
    if verb == "save":
        verb = "edit" if obj.pk else "create"
    POLICY.require(actor, f"{verb}_{what}", obj)


@contextlib.contextmanager
def _audited_transaction(*, actor, reason: str):
    try:
        with transaction.atomic(), audit_context(actor=actor, reason=reason):
            yield
    except IntegrityError as exc:
        # A race with another writer on a unique field; full_clean() saw no duplicate a moment earlier.
        raise Invalid(_("与已有数据冲突(可能是重复的代码或编号),请刷新后重试。")) from exc


def _save(obj, *, actor, reason: str):
    with _audited_transaction(actor=actor, reason=reason):
        obj.full_clean()
        obj.save()
    return obj


# Regions and categories -------------------------------------------------------------------------------------


def save_region(region: Region, *, actor, reason: str = "") -> Region:
    """Create or change a region. When its code or parent changes (a move), the paths of its whole subtree,
    which every region filter reads, are recomputed in the same transaction: all of it is stored, or none."""
    POLICY.require(actor, "edit_regions")
    with _audited_transaction(actor=actor, reason=reason):
        old_path = (
            Region.objects.filter(pk=region.pk).values_list("path", flat=True).first() if region.pk else ""
        )
        region.full_clean(exclude=["path"])  # the path follows from the parent's, in save()
        region.save()
        if old_path and old_path != region.path:
            # Top-down, so that each region's parent already has its new path; each save is audited.
            subtree = Region.objects.select_for_update().filter(path__startswith=old_path + "/")
            for child in subtree.order_by("path"):
                child.save()
    return region


def move_region(region: Region, parent: Region | None, *, actor, reason: str = "") -> Region:
    """Put a region (with its subtree) under another parent, or at the top when `parent` is None."""
    region.parent = parent
    return save_region(region, actor=actor, reason=reason)


def delete_region(region: Region, *, actor, reason: str = "") -> None:
    """Refused (ProtectedError, 409 in the API) while units or lower regions still belong to it."""
    POLICY.require(actor, "edit_regions")
    with transaction.atomic(), audit_context(actor=actor, reason=reason):
        region.delete()


def save_category(category: Category, *, actor, reason: str = "") -> Category:
    POLICY.require(actor, "edit_categories")
    return _save(category, actor=actor, reason=reason)


def delete_category(category: Category, *, actor, reason: str = "") -> None:
    """Refused (ProtectedError, 409 in the API) while units still belong to it."""
    POLICY.require(actor, "edit_categories")
    with transaction.atomic(), audit_context(actor=actor, reason=reason):
        category.delete()


# Units ------------------------------------------------------------------------------------------------------


def save_unit(unit: Unit, *, actor, reason: str = "") -> Unit:
    """Create or change a unit."""
    POLICY.require(actor, "edit_unit" if unit.pk else "create_unit", unit if unit.pk else None)
    if unit.pk and unit.parent_id:
        # No cycles in 主管部门: walk up from the new parent.
        seen = {unit.pk}
        parent_id = unit.parent_id
        while parent_id:
            if parent_id in seen:
                raise ValidationError({"parent": _("主管部门不能是本单位或其下属单位。")})
            seen.add(parent_id)
            parent_id = Unit.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()
    return _save(unit, actor=actor, reason=reason)


def delete_unit(unit: Unit, *, actor, reason: str = "") -> None:
    """Delete a unit with its 三定, internal bodies and posts. Refused while it still has persons, subordinate
    units or user accounts: the office deactivates such a unit instead."""
    POLICY.require(actor, "delete_unit", unit)
    try:
        with transaction.atomic(), audit_context(actor=actor, reason=reason):
            unit.delete()
    except ProtectedError as exc:
        raise RegistryError(
            _("该单位仍有实名制人员、下属单位或用户账号,不能删除;请先调整这些数据,或将单位设为停用。")
        ) from exc


# 三定 ------------------------------------------------------------------------------------------------------


def create_sanding_version(
    unit: Unit, *, actor, document_number: str = "", approved_on=None, note: str = "", reason: str = ""
) -> SanDing:
    """A new version of the unit's 三定 becomes current. It starts as a copy of the current version's main
    duties, staffing quotas and leadership posts, to be edited; the old version is kept unchanged."""
    POLICY.require(actor, "edit_sanding", unit)
    with transaction.atomic(), audit_context(actor=actor, reason=reason):
        Unit.objects.select_for_update().filter(pk=unit.pk).first()
        current = unit.sandings.filter(is_current=True).first()
        last = unit.sandings.aggregate(v=Max("version"))["v"] or 0
        if current is not None:
            current.is_current = False
            current.save()
        sanding = SanDing(
            unit=unit,
            version=last + 1,
            document_number=document_number,
            approved_on=approved_on,
            note=note,
            is_current=True,
        )
        sanding.full_clean()
        sanding.save()
        if current is not None:
            for duty in current.main_duties.all():
                MainDuty.objects.create(sanding=sanding, seq=duty.seq, text=duty.text)
            for quota in current.quotas.all():
                StaffingQuota.objects.create(sanding=sanding, kind=quota.kind, approved=quota.approved)
            for quota in current.leadership_quotas.all():
                LeadershipQuota.objects.create(sanding=sanding, level=quota.level, approved=quota.approved)
    return sanding


def save_sanding(sanding: SanDing, *, actor, reason: str = "") -> SanDing:
    """Change a 三定 version's document number, date or note."""
    POLICY.require(actor, "edit_sanding", sanding)
    return _save(sanding, actor=actor, reason=reason)


def set_quotas(
    sanding: SanDing,
    *,
    staffing: dict[str, int | None],
    leadership: dict[str, int | None],
    actor,
    reason: str = "",
) -> None:
    """Set the approved staffing quotas by kind and leadership posts by level of one 三定 version.

    A kind or level given as None or 0 has no quota (its row is removed); kinds and levels not given are left
    as they are.
    """
    POLICY.require(actor, "edit_sanding", sanding)
    for key in staffing:
        if key not in StaffingKind.values:
            raise ValidationError(_("未知的编制类型:%(key)s") % {"key": key})
    for key in leadership:
        if key not in LeadershipLevel.values:
            raise ValidationError(_("未知的领导职数类型:%(key)s") % {"key": key})
    with transaction.atomic(), audit_context(actor=actor, reason=reason):
        for model, key_field, values in (
            (StaffingQuota, "kind", staffing),
            (LeadershipQuota, "level", leadership),
        ):
            existing = {getattr(q, key_field): q for q in model.objects.filter(sanding=sanding)}
            for key, value in values.items():
                if value is not None and value < 0:
                    raise ValidationError(_("核定数不能为负数。"))
                row = existing.get(key)
                if not value:
                    if row is not None:
                        row.delete()
                elif row is None:
                    model.objects.create(sanding=sanding, **{key_field: key}, approved=value)
                elif row.approved != value:
                    row.approved = value
                    row.save()


def set_main_duties(sanding: SanDing, texts: list[str], *, actor, reason: str = "") -> None:
    """The 三定's main duties become the given texts, numbered from 1; unchanged duties keep their record."""
    POLICY.require(actor, "edit_sanding", sanding)
    texts = [t.strip() for t in texts if t.strip()]
    with transaction.atomic(), audit_context(actor=actor, reason=reason):
        existing = {d.seq: d for d in sanding.main_duties.all()}
        for seq, text in enumerate(texts, start=1):
            duty = existing.pop(seq, None)
            if duty is None:
                MainDuty.objects.create(sanding=sanding, seq=seq, text=text)
            elif duty.text != text:
                duty.text = text
                duty.save()
        for duty in existing.values():
            duty.delete()


# Internal bodies, posts, persons ----------------------------------------------------------------------------


def save_internal_body(body: InternalBody, *, actor, reason: str = "") -> InternalBody:
    _require(actor, "save", "body", body)
    return _save(body, actor=actor, reason=reason)


def delete_internal_body(body: InternalBody, *, actor, reason: str = "") -> None:
    """Delete an internal body; its posts stay with the unit, no longer under a body (each change recorded)."""
    _require(actor, "delete", "body", body)
    with transaction.atomic(), audit_context(actor=actor, reason=reason):
        for post in body.posts.all():
            post.internal_body = None
            post.save()
        body.delete()


def save_post(post: Post, *, actor, reason: str = "") -> Post:
    _require(actor, "save", "post", post)
    return _save(post, actor=actor, reason=reason)


def delete_post(post: Post, *, actor, reason: str = "") -> None:
    """Delete a post; the persons on it stay in the unit without a post (each change recorded)."""
    _require(actor, "delete", "post", post)
    with transaction.atomic(), audit_context(actor=actor, reason=reason):
        for person in post.persons.all():
            person.post = None
            person.save()
        post.delete()


def save_person(person: Person, *, actor, reason: str = "") -> Person:
    _require(actor, "save", "person", person)
    return _save(person, actor=actor, reason=reason)


def delete_person(person: Person, *, actor, reason: str = "") -> None:
    _require(actor, "delete", "person", person)
    with transaction.atomic(), audit_context(actor=actor, reason=reason):
        person.delete()
