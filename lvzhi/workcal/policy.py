"""Who may read and change the working calendar (the workcal room's table; lvzhi.core.policy reads it).

Everyone signed in reads the calendar and its arithmetic; office administrators change a year's holidays and
make-up working days (by hand or from a file, when the State Council publishes next year's schedule)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lvzhi.core.policy import EVERYONE, Policy, Rule, register

POLICY = register(
    Policy(
        room="workcal",
        label=_("工作日历"),
        rules={
            "view": Rule(_("查看工作日历"), EVERYONE, note=_("所有登录用户:年度节假日安排、工作日计算")),
            "edit": Rule(
                _("修改工作日历"),
                frozenset({"admin"}),
                note=_("编办管理员:逐日修改、导入年度节假日安排(国务院办公厅每年公布后)"),
                refusal=_("只有编办管理员可以修改工作日历。"),
            ),
        },
    )
)
