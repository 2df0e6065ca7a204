"""One way to ask "what may this user see": every scoped model's manager has `visible_to(user)`.

Views, API endpoints, exports and reports all start from `Model.objects.visible_to(user)`; an object outside
it is a 404 (never a 403 that confirms it exists); the one lookup is `lvzhi.core.policy.get_for`. See
docs/permissions.md.
"""

from django.db import models


class VisibleQuerySet(models.QuerySet):
    """Subclasses implement `visible_to(user)` for their model's scoping rule."""

    def visible_to(self, user):  # pragma: no cover - abstract
        raise NotImplementedError

    def editable_by(self, user):
        """Objects the user may change; by default the visible ones if the user's role may edit at all."""
        if not user.is_authenticated or not user.can_edit_registry:
            return self.none()
        return self.visible_to(user)


# Functions user -> queryset of Unit ids the user is assigned to by some room (e.g. campaigns register the
# units an evaluator covers). Unit.objects.visible_to unions them with the user's own scope_units.
UNIT_SCOPE_PROVIDERS: list = []


def register_unit_scope(provider) -> None:
    if provider not in UNIT_SCOPE_PROVIDERS:
        UNIT_SCOPE_PROVIDERS.append(provider)
