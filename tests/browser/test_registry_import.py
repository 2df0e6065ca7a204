"""In a real browser: an office administrator uploads a file with a mistake, reads the errors by row and
column, uploads the corrected file; a large file is queued and its page follows the job to its end."""

import pytest
from axes.utils import reset as axes_reset
from playwright.sync_api import expect

from tests.registry_io.conftest import csv_bytes

pytestmark = pytest.mark.browser

HEADER = ["单位代码", "机构代码", "机构名称", "主要职责", "排序", "在用"]


@pytest.fixture
def registry(transactional_db, settings, tmp_path):
    from tests.factories import make_registry_world

    settings.MEDIA_ROOT = tmp_path / "media"
    axes_reset()
    return make_registry_world()


def test_an_administrator_corrects_a_rejected_file_and_imports_it(registry, page, browser_login, tmp_path):
    bad = tmp_path / "科室.csv"
    bad.write_bytes(
        csv_bytes([HEADER, ["LY002", "01", "办公室", "", 1, "是"], ["LY002", "02", "", "", 2, "是"]])
    )
    good = tmp_path / "科室-改.csv"
    good.write_bytes(
        csv_bytes([HEADER, ["LY002", "01", "办公室", "", 1, "是"], ["LY002", "02", "综合科", "", 2, "是"]])
    )

    browser_login("admin", registry.password)
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="导入导出").click()
    page.get_by_label("导入内容").select_option(label="内设机构")
    page.get_by_label("文件", exact=True).set_input_files(str(bad))
    page.get_by_role("button", name="上传并导入").click()
    expect(page.get_by_text("已拒绝")).to_be_visible()
    row = page.locator("tbody tr").filter(has_text="机构名称")
    expect(row).to_contain_text("3")
    expect(row).to_contain_text("C")
    expect(row).to_contain_text("必填,不能为空")

    page.get_by_role("link", name="导入导出").first.click()
    page.get_by_label("导入内容").select_option(label="内设机构")
    page.get_by_label("文件", exact=True).set_input_files(str(good))
    page.get_by_role("button", name="上传并导入").click()
    expect(page.get_by_text("共 2 行:新增 2,更新 0,未变 0。")).to_be_visible()


def test_the_job_page_follows_a_background_import_to_its_end(
    registry, page, browser_login, tmp_path, settings
):
    from lvzhi.core.jobs import run_job
    from lvzhi.core.models import Job
    from lvzhi.registry.io.services import handle_job

    settings.REGISTRY_IMPORT_INLINE_BYTES = 10
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    path = tmp_path / "科室.csv"
    path.write_bytes(
        csv_bytes([HEADER, *[["LY002", f"{i:02d}", f"科室{i}", "", i, "是"] for i in range(40)]])
    )

    browser_login("admin", registry.password)
    page.goto("/registry/io/")
    page.get_by_label("导入内容").select_option(label="内设机构")
    page.get_by_label("文件", exact=True).set_input_files(str(path))
    page.get_by_role("button", name="上传并导入").click()
    expect(page.get_by_text("排队中", exact=True)).to_be_visible()
    expect(page.get_by_text("等待后台程序处理")).to_be_visible()

    run_job(Job.objects.get().pk, handle_job)  # what `lvzhi db_worker` does with the queued task
    expect(page.get_by_text("共 40 行:新增 40,更新 0,未变 0。")).to_be_visible(timeout=10000)
