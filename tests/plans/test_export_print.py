"""Every export printed to PDF by LibreOffice, where it is installed: the page count, the
paper, body text of at least 9 pt (the plan 台账 once printed at 4 pt), the header repeated
on every page and page numbers."""

import shutil
import subprocess
from datetime import date
from io import BytesIO

import pytest
from django.contrib.auth import get_user_model
from openpyxl import load_workbook

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

TITLE_SIZE = 15  # the title row is 16 pt; everything smaller is body, header or footer
A3_LANDSCAPE = (1190.55, 841.89)


def printed(tmp_path, files: dict[str, bytes]) -> dict[str, list[list[tuple[str, float]]]]:
    """Each workbook printed to PDF by LibreOffice, read back as pages of (text, size) lines."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar, LTTextContainer

    for name, content in files.items():
        (tmp_path / f"{name}.xlsx").write_bytes(content)
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            *(str(tmp_path / f"{name}.xlsx") for name in files),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    result = {}
    for name in files:
        pages = []
        for layout in extract_pages(tmp_path / f"{name}.pdf"):
            lines = []
            for box in layout:
                if isinstance(box, LTTextContainer):
                    for line in box:
                        chars = [c for c in line if isinstance(c, LTChar) and c.get_text().strip()]
                        if chars:
                            lines.append((line.get_text().strip(), min(c.size for c in chars)))
            pages.append((layout.width, layout.height, lines))
        result[name] = pages
    return result


@pytest.fixture
def files(db, client):
    from cockpit.ledger import plan_ledger
    from demo.builder import load_demo
    from plans.models import Plan
    from targets.selectors import plan_rows_visible_to

    load_demo()
    today = date.today()
    plan = Plan.objects.filter(bureau__name="聊城市科学技术局", status="published").order_by("pk").first()
    leader = get_user_model().objects.get(username="lc_leader")
    client.force_login(leader)
    files = {
        "plan": plan_ledger(plan, plan_rows_visible_to(leader, plan, today), today),
        "scope": client.get("/plans/export/").content,
    }
    for which in ("children", "overdue", "unreported"):
        files[which] = client.get("/dashboard/", {"export": which}).content
    files["ranking"] = client.get("/dashboard/ranking/", {"export": "1"}).content
    return files


@pytest.mark.skipif(not SOFFICE, reason="未安装 LibreOffice（soffice），跳过导出打印测试")
def test_every_export_prints_legibly_with_header_and_page_numbers_on_every_page(files, tmp_path):
    """One LibreOffice run for all the exports (it takes seconds to start)."""
    pdfs = printed(tmp_path, files)
    for name, pages in pdfs.items():
        # every sheet's first header (a plan's split targets print on sheets of their own)
        firsts = {str(ws.cell(3, 1).value) for ws in load_workbook(BytesIO(files[name]))}
        assert pages, name
        for number, (_, _, lines) in enumerate(pages, start=1):
            body = [size for text, size in lines if size < TITLE_SIZE]
            assert min(body) >= 9, (name, number, min(body))
            text = " ".join(t for t, _ in lines)
            assert any(first in text for first in firsts), (name, number, "header row not repeated")
            assert f"第 {number} 页，共 {len(pages)} 页" in text, (name, number)
    # The plan's 18-column ledger on A3 landscape, in a few pages (2 for the demo plan's 17
    # tasks, then its split-target sheet); small dashboard tables on one page.
    ledger = [(w, h) for w, h, lines in pdfs["plan"] if any("序号" in t for t, _ in lines)]
    assert 1 <= len(ledger) <= 3
    assert all((round(w), round(h)) == (round(A3_LANDSCAPE[0]), round(A3_LANDSCAPE[1])) for w, h in ledger)
    assert len(pdfs["children"]) == 1 and len(pdfs["ranking"]) == 1


def test_exports_write_numbers_dates_and_rates_as_such(files):
    scope = load_workbook(BytesIO(files["scope"])).active
    header = [c.value for c in scope[3]]
    row = [c for c in scope[4]]
    assert isinstance(row[header.index("指标值")].value, (int, float))
    assert row[header.index("截止日期")].is_date and row[header.index("截止日期")].number_format == "yyyy-mm-dd"
    assert row[header.index("完成度")].number_format == "0%" and 0 <= row[header.index("完成度")].value <= 1
    assert scope.auto_filter.ref.startswith("A3:")
    assert scope.print_title_rows == "$1:$3"
    assert scope.column_dimensions["C"].width == 20 and scope.cell(4, 3).alignment.wrap_text
    children = load_workbook(BytesIO(files["children"])).active
    assert children.cell(4, 2).data_type == "n" and children.cell(4, children.max_column).number_format == "0%"
    for name in files:
        header = [c.value for c in load_workbook(BytesIO(files[name])).active[3]]
        assert len(header) == len(set(header)), name
