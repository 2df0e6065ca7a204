"""The product's own error pages: every 404 a user can reach reads 未找到 in the product's frame (with the navigation
and a way back to the workbench), a server error reads 系统出错; `make run` serves them (debug off) and says how its
address is set."""

from pathlib import Path

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def assert_product_404(response):
    assert response.status_code == 404
    body = response.content.decode()
    assert "您要找的页面或数据不存在,或者不在您的查看范围内。" in body
    assert "返回工作台" in body and '<nav class="navbar' in body
    assert "Page not found" not in body and "Using the URLconf" not in body


@pytest.mark.parametrize(
    "path",
    [
        "/no-such-page/",
        "/campaigns/999999/",
        "/campaigns/999999/units/1/self/",
        "/registry/units/999999/",
        "/schemes/no-such-scheme/",
        "/files/evidence/none.pdf",
        "/static/no-such-file.css",
        "/users/999999/",
        "/audit/999999/",
    ],
)
def test_a_missing_page_or_object_is_the_products_404(world, login, path):
    assert_product_404(login(world.users.admin).get(path))


def test_an_object_outside_the_users_scope_is_the_same_404(world, login):
    assert_product_404(login(world.users.contact_a).get(f"/registry/units/{world.unit_b.pk}/"))


def test_a_server_error_reads_in_chinese_without_needing_the_request():
    body = server_error(RequestFactory().get("/")).content.decode()
    assert "系统出错" in body and "请联系编办管理员" in body


def test_make_run_serves_the_product_pages_and_documents_its_address():
    script = (ROOT / "scripts" / "run.sh").read_text(encoding="utf-8")
    assert 'export LVZHI_DEBUG="${LVZHI_DEBUG:-0}"' in script
    assert "LVZHI_ADDR" in script.split("set -euo pipefail")[0]  # the header explains the setting
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "LVZHI_ADDR" in readme
