"""Pickers for fields whose choices are too many to list (10,000 units): the page carries only what is chosen; a
search box (lvzhi/static/lvzhi/unit-picker.js) asks the API as the user types and adds what they pick. Without
script the chosen units stay listed and can be deselected."""

from django import forms
from django.utils.translation import gettext_lazy as _

UNITS_API = "/api/registry/units"


class _OnlyChosen:
    """Render the options that are selected, and nothing else of the (large) queryset."""

    choices: object
    allow_multiple_selected: bool
    empty_label = _("(不属于单位)")

    def optgroups(self, name, value, attrs=None):
        chosen = [v for v in value if v not in (None, "")]
        queryset = self.choices.queryset  # type: ignore[attr-defined]
        units = list(queryset.filter(pk__in=chosen).order_by("order", "code")) if chosen else []
        options = []
        if not self.allow_multiple_selected:
            options.append(self.create_option(name, "", self.empty_label, not units, 0, attrs=attrs))
        for unit in units:
            label = f"{unit.code} {unit.name}"
            options.append(self.create_option(name, str(unit.pk), label, True, len(options), attrs=attrs))
        return [(None, [option], option["index"]) for option in options]

    def picker_attrs(self, attrs):
        return {
            **(attrs or {}),
            "data-unit-picker": UNITS_API,
            # lazy: translated when the page is rendered, in the reader's language
            "data-placeholder": _("输入单位名称或代码搜索"),
            "data-remove-label": _("移除"),
            "data-none-label": _("没有找到符合的单位"),
        }


class UnitsPicker(_OnlyChosen, forms.SelectMultiple):
    def __init__(self, attrs=None):
        super().__init__(self.picker_attrs(attrs))


class UnitPicker(_OnlyChosen, forms.Select):
    def __init__(self, attrs=None):
        super().__init__(self.picker_attrs(attrs))
