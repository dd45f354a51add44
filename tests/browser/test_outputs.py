"""The 通报 and the public pages in a real browser, at desktop width and on a phone."""

from io import BytesIO

import pytest
from docx import Document

from .conftest import screenshot
from .test_journeys import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def demo_site(live_server):
    from demo.builder import load_demo

    load_demo()
    return live_server.url


def no_horizontal_overflow(page) -> bool:
    return page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")


def test_a_leader_previews_edits_saves_and_downloads_a_bulletin(page, demo_site):
    log_in(page, demo_site, "lc_leader")
    page.goto(f"{demo_site}/dashboard/bulletins/")
    assert "关于" in page.locator("table").inner_text()  # the demo's saved bulletin
    page.click("text=生成通报")
    page.fill("#id_requirements", "请各县区于10月15日前完成补报。")
    page.click("button:has-text('预览')")
    bulletin = page.locator("article.bulletin")
    assert "截至" in bulletin.inner_text() and "请各县区于10月15日前完成补报。" in bulletin.inner_text()
    screenshot(page, "bulletin-preview")
    with page.expect_download() as download:
        page.click("text=下载 Word")
    document = Document(BytesIO(open(download.value.path(), "rb").read()))
    assert document.paragraphs[0].text == page.locator("h1.bulletin-title").inner_text()
    page.click("button:has-text('保存通报')")
    assert "/dashboard/bulletins/" in page.url and "保存" in page.locator(".bulletin-actions").inner_text()
    page.set_viewport_size(PHONE)
    screenshot(page, "bulletin-saved-phone")
    assert no_horizontal_overflow(page)


def test_an_anonymous_reader_opens_the_public_plan_on_a_phone(browser, demo_site):
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(f"{demo_site}/public/")
    screenshot(page, "public-index-phone")
    page.locator(".public-list a").first.click()
    assert page.locator(".public-target").count() > 0
    assert "数据截至" in page.locator(".public-meta").inner_text()
    screenshot(page, "public-plan-phone")
    assert no_horizontal_overflow(page)
    page.set_viewport_size({"width": 1366, "height": 900})
    screenshot(page, "public-plan")
    assert errors == []
    context.close()
