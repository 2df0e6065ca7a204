"""The UI shell around the registry: navigation by role, the home page (工作台), Chinese dates and numbers."""

import datetime

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from lvzhi.core.templatetags.lvzhi_format import cn_date, cn_datetime, cn_number, percent


def nav_labels(response):
    return [item["label"] for item in response.context["nav_items"]]


@pytest.mark.parametrize(
    ("role", "present", "absent"),
    [
        ("admin", ["工作台", "机构编制", "区划汇总", "操作日志", "用户管理"], []),
        ("contact_a", ["工作台", "机构编制", "操作日志"], ["区划汇总", "用户管理"]),
        ("evaluator", ["工作台", "机构编制", "区划汇总"], ["操作日志", "用户管理"]),
        ("third_party", ["工作台", "机构编制"], ["区划汇总", "操作日志", "用户管理"]),
    ],
)
def test_the_navigation_shows_the_rooms_of_the_users_role(world, login, role, present, absent):
    labels = nav_labels(login(getattr(world.users, role)).get(reverse("home")))
    for label in present:
        assert label in labels
    for label in absent:
        assert label not in labels


def test_the_home_page_of_an_administrator_shows_totals_and_recent_changes(world, login):
    html = login(world.users.admin).get(reverse("home")).content.decode()
    assert "在用单位" in html and "核定编制" in html and "实有人员" in html
    assert "最近变更" in html


def test_the_home_page_of_a_unit_contact_shows_its_units_figures(world, login):
    html = login(world.users.contact_a).get(reverse("home")).content.decode()
    assert "莱阳市发展和改革局" in html
    assert "空编" in html
    assert "海阳市委宣传部" not in html


def test_the_home_page_of_an_evaluator_lists_the_units_in_its_scope(world, login):
    html = login(world.users.leader).get(reverse("home")).content.decode()
    assert "莱阳市发展和改革局" in html and "莱阳市民政局" in html
    assert "海阳市委宣传部" not in html
    assert "最近变更" not in html


def test_a_refused_page_explains_itself_in_chinese(world, login):
    response = login(world.users.evaluator).get(reverse("registry:unit_edit", args=[world.unit_a.pk]))
    assert response.status_code == 403
    assert "没有权限" in response.content.decode()
    response = login(world.users.evaluator).get(reverse("registry:unit_detail", args=[world.unit_c.pk]))
    assert response.status_code == 404
    assert "不在您的查看范围内" in response.content.decode()


def test_dates_and_numbers_read_the_chinese_way():
    moment = timezone.make_aware(datetime.datetime(2026, 11, 22, 6, 5), datetime.UTC)
    assert cn_date(datetime.date(2026, 11, 22)) == "2026年11月22日"
    assert cn_datetime(moment) == "2026年11月22日 14:05"  # Asia/Shanghai
    assert cn_date(None) == "—"
    assert cn_number(1234567) == "1,234,567"
    assert cn_number(None) == "—"
    assert percent(95.3) == "95.3%"
    rendered = Template("{% load lvzhi_format %}{{ d|cn_date }}").render(
        Context({"d": datetime.date(2019, 3, 8)})
    )
    assert rendered == "2019年3月8日"
