"""An admin uploads a ledger whose header the detector reads wrong, corrects two columns and
a department in the preview and confirms; a second ledger with the same header then comes in
with the correction applied by itself (the bureau's import profile and department alias)."""

import pytest
from openpyxl import Workbook

from plans.models import Task

from .conftest import screenshot
from .test_journeys import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def ledger(path, rows):
    wb = Workbook()
    ws = wb.active
    ws.title = "台账"
    ws.append(["2026年科技服务工作台账"])
    ws.append(["甲栏", "量化", "单位", "经手", "科室"])  # words the detector does not know for the first and fourth
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_corrected_mapping_is_confirmed_then_applied_to_the_next_ledger(page, live_server, settings, tmp_path):
    from demo.builder import load_demo
    from units.models import Bureau

    settings.MEDIA_ROOT = tmp_path
    load_demo()
    city = Bureau.objects.get(region__code="371500")
    first = ledger(
        tmp_path / "服务台账.xlsx",
        [["走访服务企业", 120, "家次", "王明", "综合科"], ["举办技术对接会", 6, "场", "李华", "综合科"]],
    )
    log_in(page, live_server.url, "lc_admin")
    page.goto(f"{live_server.url}/plans/import/")
    page.set_input_files("#id_file", str(first))
    page.select_option("#id_bureau", str(city.pk))
    page.click("form.stacked button[type=submit]")
    preview = page.locator("section.preview")
    assert "没有可作为任务的文字列" in preview.inner_text()
    assert page.locator("text=确认导入到").count() == 0

    page.select_option("select[name='s0:col:0']", "metric")
    page.select_option("select[name='s0:col:3']", "person")
    page.click("button[name=adjust]")
    preview = page.locator("section.preview")
    assert "走访服务企业" in preview.inner_text() and "120家次" in preview.inner_text().replace(" ", "")
    page.select_option("select[name='dept:综合科']", label="办公室")
    screenshot(page, "import-mapping-corrected")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "import-mapping-corrected-phone")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.click("text=确认导入到")
    page.wait_for_url("**/plans/*/")
    assert "已导入 1 个计划" in page.locator(".messages").inner_text()
    tasks = Task.objects.filter(plan__bureau=city, plan__title="2026年科技服务工作台账")
    assert sorted(tasks.values_list("text", "responsible_person", "lead_department__name")) == [
        ("举办技术对接会", "李华", "办公室"),
        ("走访服务企业", "王明", "办公室"),
    ]

    second = ledger(tmp_path / "服务台账二.xlsx", [["开展科技政策宣讲", 10, "场", "赵强", "综合科"]])
    page.goto(f"{live_server.url}/plans/import/")
    page.set_input_files("#id_file", str(second))
    page.select_option("#id_bureau", str(city.pk))
    page.click("form.stacked button[type=submit]")
    assert "已按本单位保存的导入方案读取" in page.locator("#profile-applied").inner_text()
    assert page.locator("select[name='s0:col:0']").input_value() == "metric"
    assert page.locator("select[name='s0:col:3']").input_value() == "person"
    selected = page.locator("select[name='dept:综合科'] option:checked").inner_text()
    assert selected == "办公室"
    screenshot(page, "import-profile-applied")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "import-profile-applied-phone")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.click("text=确认导入到")
    page.wait_for_url("**/plans/*/")
    assert Task.objects.get(text="开展科技政策宣讲").responsible_person == "赵强"
    assert Task.objects.get(text="开展科技政策宣讲").lead_department.name == "办公室"
    assert page.console_errors == []
