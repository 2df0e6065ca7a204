"""Derived staffing figures per unit, kept in step with the rows they are counted from, so that summaries over
thousands of units (a region, a category) read a few rows per unit instead of counting a million persons."""

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .structure import (
    LeadershipLevel,
    LeadershipQuota,
    Person,
    Post,
    SanDing,
    StaffingKind,
    StaffingQuota,
    Unit,
    UnitScopedQuerySet,
)


class StaffingSummaryQuerySet(UnitScopedQuerySet):
    def totals(self, *group_by: str):
        """Sums grouped by the given fields, e.g. `.totals("unit__region_id", "kind")` or `.totals("kind")`:
        approved_sum, actual_sum, and vacancy_sum / over_sum taken per unit before summing (a vacancy in one
        unit never offsets over-quota use in another). One query."""
        gap = models.F("approved") - models.F("actual")
        return (
            self.order_by()
            .values(*group_by)
            .annotate(
                approved_sum=models.Sum("approved"),
                actual_sum=models.Sum("actual"),
                vacancy_sum=models.Sum(
                    models.Case(models.When(approved__gt=models.F("actual"), then=gap), default=0)
                ),
                over_sum=models.Sum(
                    models.Case(models.When(actual__gt=models.F("approved"), then=-gap), default=0)
                ),
            )
        )


class LeadershipSummaryQuerySet(UnitScopedQuerySet):
    def totals(self, *group_by: str):
        """Sums grouped by the given fields: allowed_sum, used_sum, and over_sum taken per unit. One query."""
        return (
            self.order_by()
            .values(*group_by)
            .annotate(
                allowed_sum=models.Sum("allowed"),
                used_sum=models.Sum("used"),
                over_sum=models.Sum(
                    models.Case(
                        models.When(
                            used__gt=models.F("allowed"), then=models.F("used") - models.F("allowed")
                        ),
                        default=0,
                    )
                ),
            )
        )


class UnitStaffing(models.Model):
    """Per unit and staffing kind: the quota approved by the current 三定 and the persons in post (在编).

    Derived data, not audited. Kept in step by saves and deletes of persons, posts, quotas and 三定 (signals
    below), by imports (lvzhi.registry.io), and rebuilt by `lvzhi refresh_staffing`. Rows exist where either
    number is non-zero. Writes that send no signals (bulk_create, QuerySet.update) must call
    `refresh_staffing_summaries(unit_ids)` afterwards.
    """

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="staffing_summary")
    kind = models.CharField(gettext_lazy("编制类型"), max_length=30, choices=StaffingKind.choices)
    approved = models.PositiveIntegerField(gettext_lazy("核定数"), default=0)
    actual = models.PositiveIntegerField(gettext_lazy("在编人数"), default=0)

    objects = StaffingSummaryQuerySet.as_manager()

    class Meta:
        verbose_name = gettext_lazy("编制使用汇总")
        verbose_name_plural = gettext_lazy("编制使用汇总")
        constraints = [models.UniqueConstraint(fields=["unit", "kind"], name="unitstaffing_unit_kind")]

    def __str__(self):
        return _("%(kind)s 核定%(approved)s 在编%(actual)s") % {
            "kind": self.get_kind_display(),
            "approved": self.approved,
            "actual": self.actual,
        }


class UnitLeadership(models.Model):
    """Per unit and leadership level: posts allowed by the current 三定 and held by persons in post.

    Derived like UnitStaffing."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="leadership_summary")
    level = models.CharField(gettext_lazy("领导职数类型"), max_length=20, choices=LeadershipLevel.choices)
    allowed = models.PositiveIntegerField(gettext_lazy("核定职数"), default=0)
    used = models.PositiveIntegerField(gettext_lazy("在任人数"), default=0)

    objects = LeadershipSummaryQuerySet.as_manager()

    class Meta:
        verbose_name = gettext_lazy("领导职数使用汇总")
        verbose_name_plural = gettext_lazy("领导职数使用汇总")
        constraints = [models.UniqueConstraint(fields=["unit", "level"], name="unitleadership_unit_level")]

    def __str__(self):
        return _("%(level)s 核定%(allowed)s 在任%(used)s") % {
            "level": self.get_level_display(),
            "allowed": self.allowed,
            "used": self.used,
        }


_SUMMARY_BATCH = 400


def _summary_sql(qn, unit_filter: str) -> tuple[str, str]:
    """INSERT … SELECT statements that recount both summaries inside the database (portable SQL: SQLite and
    PostgreSQL). `unit_filter` is "" or " AND {unit column} IN (…)" with a placeholder per unit, per subquery."""
    t = {m.__name__: qn(m._meta.db_table) for m in (SanDing, StaffingQuota, LeadershipQuota, Person, Post)}
    staffing = (
        f"INSERT INTO {qn(UnitStaffing._meta.db_table)} (unit_id, kind, approved, actual) "  # noqa: S608 - model meta
        "SELECT unit_id, kind, SUM(approved), SUM(actual) FROM ("
        f" SELECT s.unit_id AS unit_id, q.kind AS kind, q.approved AS approved, 0 AS actual"
        f" FROM {t['StaffingQuota']} q JOIN {t['SanDing']} s ON q.sanding_id = s.id"
        f" WHERE s.is_current = %s{unit_filter.format(column='s.unit_id')}"
        " UNION ALL"
        f" SELECT p.unit_id, p.staffing_kind, 0, COUNT(*) FROM {t['Person']} p"
        f" WHERE p.is_active = %s{unit_filter.format(column='p.unit_id')} GROUP BY p.unit_id, p.staffing_kind"
        ") counts GROUP BY unit_id, kind HAVING SUM(approved) > 0 OR SUM(actual) > 0"
    )
    leadership = (
        f"INSERT INTO {qn(UnitLeadership._meta.db_table)} (unit_id, level, allowed, used) "  # noqa: S608 - model meta
        "SELECT unit_id, level, SUM(allowed), SUM(used) FROM ("
        f" SELECT s.unit_id AS unit_id, q.level AS level, q.approved AS allowed, 0 AS used"
        f" FROM {t['LeadershipQuota']} q JOIN {t['SanDing']} s ON q.sanding_id = s.id"
        f" WHERE s.is_current = %s{unit_filter.format(column='s.unit_id')}"
        " UNION ALL"
        f" SELECT p.unit_id, post.leadership_level, 0, COUNT(*) FROM {t['Person']} p"
        f" JOIN {t['Post']} post ON p.post_id = post.id"
        f" WHERE p.is_active = %s AND post.leadership_level <> ''{unit_filter.format(column='p.unit_id')}"
        " GROUP BY p.unit_id, post.leadership_level"
        ") counts GROUP BY unit_id, level HAVING SUM(allowed) > 0 OR SUM(used) > 0"
    )
    return staffing, leadership


def refresh_staffing_summaries(unit_ids=None) -> None:
    """Recount UnitStaffing and UnitLeadership for the given units (None: every unit) from the current 三定's
    quotas and the persons in post, in the database (INSERT … SELECT), 400 units per statement.

    About two seconds for every unit of a province (10,000 units, a million persons) on SQLite."""
    from django.db import connection, transaction

    qn = connection.ops.quote_name
    if unit_ids is None:
        parts = [None]
    else:
        ids = sorted({u for u in unit_ids if u is not None})
        if not ids:
            return
        parts = [ids[i : i + _SUMMARY_BATCH] for i in range(0, len(ids), _SUMMARY_BATCH)]
    with transaction.atomic(), connection.cursor() as cursor:
        for part in parts:
            if part is None:
                unit_filter, ids_params = "", []
                cursor.execute(f"DELETE FROM {qn(UnitStaffing._meta.db_table)}")  # noqa: S608 - model meta
                cursor.execute(f"DELETE FROM {qn(UnitLeadership._meta.db_table)}")  # noqa: S608
            else:
                marks = ", ".join(["%s"] * len(part))
                unit_filter, ids_params = f" AND {{column}} IN ({marks})", list(part)
                for model in (UnitStaffing, UnitLeadership):
                    cursor.execute(
                        f"DELETE FROM {qn(model._meta.db_table)} WHERE unit_id IN ({marks})",  # noqa: S608
                        ids_params,
                    )
            staffing, leadership = _summary_sql(qn, unit_filter)
            params = [True, *ids_params, True, *ids_params]
            cursor.execute(staffing, params)
            cursor.execute(leadership, params)


def _refresh_units(*unit_ids) -> None:
    refresh_staffing_summaries([u for u in unit_ids if u is not None])


def _unit_being_deleted(kwargs) -> bool:
    """A delete cascading from a unit's own deletion: its summary rows go with it, nothing to recount."""
    origin = kwargs.get("origin")
    return isinstance(origin, Unit) or (isinstance(origin, models.QuerySet) and origin.model is Unit)


def _person_unit_before(sender, instance, raw=False, **kwargs):
    if raw:
        return
    instance._staffing_unit_before = (
        Person._base_manager.filter(pk=instance.pk).values_list("unit_id", flat=True).first()
        if instance.pk is not None and not instance._state.adding
        else None
    )


def _person_changed(sender, instance, raw=False, **kwargs):
    if not raw and not _unit_being_deleted(kwargs):
        _refresh_units(instance.unit_id, getattr(instance, "_staffing_unit_before", None))


def _unit_object_changed(sender, instance, raw=False, **kwargs):
    if not raw and not _unit_being_deleted(kwargs):
        _refresh_units(instance.unit_id)


def _quota_changed(sender, instance, raw=False, **kwargs):
    if not raw and not _unit_being_deleted(kwargs):
        unit_id = (
            SanDing._base_manager.filter(pk=instance.sanding_id).values_list("unit_id", flat=True).first()
        )
        _refresh_units(unit_id)


models.signals.pre_save.connect(_person_unit_before, sender=Person, dispatch_uid="staffing_person_before")
models.signals.post_save.connect(_person_changed, sender=Person, dispatch_uid="staffing_person_saved")
models.signals.post_delete.connect(_person_changed, sender=Person, dispatch_uid="staffing_person_deleted")
for _model in (Post, SanDing):
    models.signals.post_save.connect(
        _unit_object_changed, sender=_model, dispatch_uid=f"staffing_{_model.__name__}_saved"
    )
    models.signals.post_delete.connect(
        _unit_object_changed, sender=_model, dispatch_uid=f"staffing_{_model.__name__}_deleted"
    )
for _model in (StaffingQuota, LeadershipQuota):
    models.signals.post_save.connect(
        _quota_changed, sender=_model, dispatch_uid=f"staffing_{_model.__name__}_saved"
    )
    models.signals.post_delete.connect(
        _quota_changed, sender=_model, dispatch_uid=f"staffing_{_model.__name__}_deleted"
    )
