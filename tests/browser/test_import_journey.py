import pytest

from plans.models import Plan

from .conftest import screenshot
from .test_journeys import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_uploads_workbook_reads_preview_and_confirms(page, live_server, settings, tmp_path):
    from demo.builder import load_demo
    from tests.intake.workbooks import two_row_header_workbook

    settings.MEDIA_ROOT = tmp_path
    load_demo()
    workbook = tmp_path / "某县任务分解表.xlsx"
    workbook.write_bytes(two_row_header_workbook())
    log_in(page, live_server.url, "dcf_admin")
    page.click("text=从工作簿导入")
    page.set_input_files("#id_file", str(workbook))
    page.click("form.stacked button[type=submit]")
    preview = page.locator("section.preview")
    assert "某县科学技术局2025年度重点工作任务分解表" in preview.inner_text()
    assert "力争新增高新技术企业二十家" in preview.inner_text()
    screenshot(page, "import-preview")
    page.click("text=确认导入到")
    page.wait_for_url("**/plans/*/")
    assert "已导入 1 个计划" in page.locator(".messages").inner_text()
    plan = Plan.objects.get(title__contains="某县")
    assert plan.tasks.count() == 3
    screenshot(page, "import-done")
    page.click("button:has-text('发布')")
    assert "已发布" in page.locator(".messages").inner_text()
    assert page.console_errors == []
