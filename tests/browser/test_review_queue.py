"""The review queue at a desk and on a phone: filters, days waiting, evidence opened in
place (an image and a PDF), several reports approved at once."""

import struct
import zlib

import pytest
from django.core.files.base import ContentFile

from .conftest import ARTIFACTS, screenshot
from .test_journeys import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def png(width=240, height=140) -> bytes:
    """A small real PNG: a blue band over grey, so a screenshot shows it was drawn."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + (b"\x1d\x4e\x89" if y < height // 2 else b"\xcc\xcc\xcc") * width for y in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def pdf() -> bytes:
    """A one-page PDF with a line of text, offsets computed so that readers accept it."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        None,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    text = b"BT /F1 18 Tf 30 120 Td (Contract list 2026) Tj ET"
    objects[3] = b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream"
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


@pytest.fixture
def queue_site(live_server, settings, tmp_path):
    from demo.builder import load_demo
    from targets.models import Evidence, ProgressReport

    settings.MEDIA_ROOT = tmp_path
    load_demo()
    waiting = list(
        ProgressReport.objects.filter(state="submitted", target__owner__name="聊城市科学技术局").order_by(
            "submitted_at", "pk"
        )[:2]
    ) or list(ProgressReport.objects.filter(state="submitted")[:2])
    first = waiting[0]
    for name, content in (("现场照片.png", png()), ("合同清单.pdf", pdf())):
        evidence = Evidence(report=first, original_name=name, size=len(content))
        evidence.file.save(name.encode().hex()[:8] + name[-4:], ContentFile(content), save=True)
    return live_server.url, first


def test_leader_opens_evidence_in_place_and_approves_two_at_once(page, queue_site):
    from targets.models import ProgressReport

    base, first = queue_site
    log_in(page, base, "lc_leader")
    page.goto(f"{base}/reviews/")
    total = ProgressReport.objects.filter(state="submitted").count()
    row = page.locator(f"#report-{first.pk}")
    assert "天" in row.locator("td[data-label='已等待']").inner_text()

    row.locator("summary", has_text="现场照片.png").click()
    image = row.locator("img")
    image.wait_for()
    page.wait_for_function("img => img.complete && img.naturalWidth === 240", arg=image.element_handle())
    row.locator("summary", has_text="合同清单.pdf").click()
    frame = row.locator("iframe")
    frame.wait_for()
    assert frame.evaluate("f => f.getBoundingClientRect().height") > 200
    response = page.request.get(f"{base}{frame.get_attribute('src')}")
    assert response.headers["content-type"] == "application/pdf"
    page.wait_for_timeout(500)
    screenshot(page, "review-queue-evidence")
    row.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "review-queue-evidence-row.png"))

    # Dates and days waiting on one line each, whatever the column's width.
    for label in ("截至日期", "已等待"):
        lines = row.locator(f"td[data-label='{label}']").evaluate(
            "td => { const r = document.createRange(); r.selectNodeContents(td.firstChild); return r.getClientRects().length; }"
        )
        assert lines == 1, label

    boxes = page.locator("input.pick")
    picked = [boxes.nth(i).get_attribute("value") for i in range(2)]
    for i in range(2):
        boxes.nth(i).check()
    page.click("#bulk-approve button[type=submit]")
    page.wait_for_load_state()
    assert "已通过2条填报" in page.locator(".messages").inner_text()
    assert set(ProgressReport.objects.filter(pk__in=picked).values_list("state", flat=True)) == {"approved"}
    assert ProgressReport.objects.filter(state="submitted").count() == total - 2
    screenshot(page, "review-queue-after-bulk")
    assert page.console_errors == []


def test_review_queue_filters_and_reads_on_a_phone(browser, queue_site):
    from units.models import Bureau

    base, first = queue_site
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True, has_touch=True, device_scale_factor=2
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, base, "lc_leader")
    page.goto(f"{base}/reviews/")
    bureau = Bureau.objects.get(pk=first.target.owner_id)
    page.select_option("select[name=bureau]", str(bureau.pk))
    page.click("form.review-filters button[type=submit]")
    page.wait_for_load_state()
    rows = page.locator("table.review-table tbody tr")
    assert rows.count() >= 1
    for i in range(rows.count()):
        assert bureau.name in rows.nth(i).inner_text()
    table_width = page.locator("table.review-table").evaluate("t => t.getBoundingClientRect().width")
    assert table_width <= 390
    screenshot(page, "review-queue-phone")
    page.locator(f"#report-{first.pk} summary", has_text="现场照片.png").click()
    page.locator(f"#report-{first.pk}").scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    page.screenshot(path=str(ARTIFACTS / "review-queue-phone-evidence.png"))
    assert errors == []
    context.close()
