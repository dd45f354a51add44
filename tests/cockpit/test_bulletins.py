"""工作进展通报: figures as of the period's end, the Word file's layout, the pages."""

import shutil
import subprocess
from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.utils import timezone
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from cockpit.bulletin_docx import bulletin_docx
from cockpit.bulletins import Period, Scope, compose
from cockpit.models import Bulletin
from cockpit.selectors import bulletin_targets
from targets.models import ProgressReport, Target
from targets.selectors import annotate_status
from targets.services import target_refresh_progress
from targets.snapshots import snapshots_on
from tests.conftest import YEAR

Q3 = Period("quarter", YEAR, 3)
State = ProgressReport.State


def report(target, value, as_of, reporter, state=State.APPROVED, reason=""):
    """A report as the review left it, and the target's columns as the services keep them."""
    created = ProgressReport.objects.create(
        target=target, value=Decimal(value), as_of=as_of, reporter=reporter, state=state, reason=reason
    )
    target_refresh_progress(target=Target.objects.get(pk=target.pk))
    return created


@pytest.fixture
def history(world, county_officer, city_officer):
    """Reports before and after 30 September: only the earlier ones count for the third quarter."""
    report(world.county_target, 20, date(YEAR, 9, 15), county_officer)
    report(world.county_target, 30, date(YEAR, 10, 10), county_officer)  # after the quarter: met then
    report(world.county_office_target, 19, date(YEAR, 9, 30), county_officer, State.RETURNED, "数据有误")
    report(world.city_target, 60, date(YEAR, 9, 1), city_officer)  # met
    return world


def city_bulletin(user, requirements=""):
    scope = Scope.of_region(user.memberships.get().bureau.region)
    return compose(
        targets=bulletin_targets(user, scope),
        scope=scope,
        period=Q3,
        issuer="聊城市科学技术局",
        issued_on=date(YEAR, 10, 8),
        requirements=requirements,
    )


def test_a_period_ends_on_the_last_day_of_its_last_month():
    assert Period("quarter", 2026, 3).end == date(2026, 9, 30)
    assert Period("month", 2024, 2).end == date(2024, 2, 29)
    assert Period("half", 2026, 1).end == date(2026, 6, 30)
    assert Period("ytd", 2026, 10).end == date(2026, 10, 31)
    assert [
        Period("quarter", 2026, 3).label,
        Period("half", 2026, 1).label,
        Period("ytd", 2026, 10).label,
        Period("ytd", 2026, 12).label,
        Period("month", 2026, 9).label,
    ] == ["2026年第三季度", "2026年上半年", "2026年1—10月", "2026年度", "2026年9月"]


@pytest.mark.parametrize("kind,number", [("quarter", 5), ("month", 0), ("week", 1), ("half", "x")])
def test_a_period_out_of_range_is_refused_in_chinese(kind, number):
    with pytest.raises(ValueError, match="[\u4e00-\u9fff]"):
        Period.parse(kind, 2026, number)


def test_the_figures_are_those_of_the_periods_end(history, city_leader):
    bulletin = city_bulletin(city_leader)
    statuses = {s["status"]: s["count"] for s in bulletin["sections"]}
    # 7 targets in the city's scope (the draft plan's is not counted); the county target stood at
    # 20 of 30 on 30 September (its 30 came in October), the returned report does not count.
    assert bulletin["totals"]["targets"] == 7
    assert statuses["done"] == 1  # the city target, 60 of 60
    assert sum(statuses.values()) == 7
    late = [i for s in bulletin["sections"] for i in s["items"] if i["metric"] == "科技型中小企业入库"]
    assert late and late[0]["current"] == "20家" and late[0]["department"] == "创新股"
    assert bulletin["opening"].startswith("截至9月30日，全市共有重点工作任务")
    assert "量化指标7项，已完成1项" in bulletin["opening"]
    assert bulletin["title"] == "关于2026年第三季度重点工作任务推进情况的通报"


def test_the_same_bulletin_comes_out_whenever_it_is_written(history, city_leader, county_officer, world):
    before = city_bulletin(city_leader)
    report(world.county_office_target, 20, date(YEAR, 11, 1), county_officer)  # after the quarter
    assert city_bulletin(city_leader) == before


def test_the_opening_and_table_agree_with_the_dashboard_on_the_same_day(history, city_leader):
    today = timezone.localdate()
    targets = bulletin_targets(city_leader, Scope.of_region(city_leader.memberships.get().bureau.region))
    live = dict(annotate_status(targets, today).values_list("pk", "status"))
    assert {s.target.pk: s.status.value for s in snapshots_on(targets, today)} == live


def test_units_are_ranked_by_completion_with_the_city_itself_as_its_own_row(history, city_leader):
    units = {u["name"]: u for u in city_bulletin(city_leader)["units"]}
    assert set(units) == {"聊城市（本级）", "东昌府区", "阳谷县"}
    assert units["聊城市（本级）"]["total"] == 2  # the city target and the split's parent
    assert units["聊城市（本级）"]["rank"] == 1 and units["聊城市（本级）"]["rate"] == "50.0%"
    assert sum(u["total"] for u in units.values()) == 7


def test_a_bureau_scope_is_tabled_by_lead_department(history, county_leader, world):
    scope = Scope.of_bureau(world.county)
    bulletin = compose(
        targets=bulletin_targets(county_leader, scope),
        scope=scope,
        period=Q3,
        issuer="x",
        issued_on=date(YEAR, 10, 8),
        requirements="",
    )
    assert {u["name"] for u in bulletin["units"]} == {"创新股", "办公室", "上级分解下达的指标"}
    assert bulletin["opening"].startswith("截至9月30日，全局共有")


def test_the_requirements_are_the_leaders_text_or_a_default(history, city_leader):
    assert city_bulletin(city_leader, "请各县区于10月15日前报送。")["requirements"] == "请各县区于10月15日前报送。"
    assert "倒排工期" in city_bulletin(city_leader)["requirements"]


# --- the Word file ----------------------------------------------------------------------------


def fonts(run):
    return run._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def test_the_word_file_has_the_layout_of_an_official_document(history, city_leader):
    bulletin = city_bulletin(city_leader)
    document = Document(BytesIO(bulletin_docx(bulletin)))
    section = document.sections[0]

    def cm(length):
        return round(length.cm, 1)

    assert (cm(section.page_width), cm(section.page_height)) == (21.0, 29.7)
    assert [cm(section.top_margin), cm(section.bottom_margin), cm(section.left_margin), cm(section.right_margin)] == [
        3.7,
        3.5,
        2.8,
        2.6,
    ]
    title, opening = document.paragraphs[0], document.paragraphs[1]
    assert title.text == bulletin["title"]
    assert (fonts(title.runs[0]), title.runs[0].font.size) == ("方正小标宋简体", Pt(22))
    assert opening.text == bulletin["opening"]
    assert (fonts(opening.runs[0]), opening.runs[0].font.size) == ("仿宋_GB2312", Pt(16))
    assert opening.paragraph_format.first_line_indent == Pt(32)
    headings = [p for p in document.paragraphs if p.runs and fonts(p.runs[0]) == "黑体"]
    assert [h.text for h in headings] == ["一、各类指标推进情况", "二、各地区推进情况", "三、工作要求"]
    assert document.paragraphs[-1].text == "2026年10月8日"
    assert document.paragraphs[-2].text == "聊城市科学技术局"
    footer = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "— " in section.footer.paragraphs[0].text


def test_the_word_table_matches_the_rollup_and_repeats_its_header(history, city_leader):
    bulletin = city_bulletin(city_leader)
    table = Document(BytesIO(bulletin_docx(bulletin))).tables[0]
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["名次", "地区", "指标数", "已完成", "正常推进", "滞后", "逾期", "未填报", "完成率"]
    assert rows[1:] == [
        [
            str(u["rank"]),
            u["name"],
            str(u["total"]),
            str(u["done"]),
            str(u["on_track"]),
            str(u["late"]),
            str(u["overdue"]),
            str(u["unreported"]),
            u["rate"],
        ]
        for u in bulletin["units"]
    ]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert table.rows[1].cells[0].paragraphs[0].runs[0].font.size <= Pt(14)


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_libreoffice_opens_the_word_file_as_a_page_with_its_title(history, city_leader, tmp_path):
    source = tmp_path / "bulletin.docx"
    source.write_bytes(bulletin_docx(city_bulletin(city_leader)))
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pdf = tmp_path / "bulletin.pdf"
    assert pdf.exists() and pdf.stat().st_size > 1000
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-l", "1", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "第三季度重点工作任务推进情况的通报" in text.replace("\n", "")


# --- pages --------------------------------------------------------------------------------------


def form_data(city_leader, **changes):
    return {
        "scope": f"region:{city_leader.memberships.get().bureau.region.code}",
        "kind": "quarter",
        "year": str(YEAR),
        "number": "3",
        "issued_on": f"{YEAR}-10-08",
        "requirements": "按期补报。",
        **changes,
    }


def test_a_leader_previews_downloads_and_saves_a_bulletin(client, history, city_leader):
    client.force_login(city_leader)
    preview = client.get("/dashboard/bulletins/new/", form_data(city_leader))
    assert preview.status_code == 200
    assert "关于2026年第三季度重点工作任务推进情况的通报" in preview.content.decode()
    download = client.get("/dashboard/bulletins/new/", {**form_data(city_leader), "format": "docx"})
    assert download["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert Document(BytesIO(download.content)).paragraphs[0].text.endswith("通报")
    assert not Bulletin.objects.exists()  # previewing and downloading save nothing
    saved = client.post("/dashboard/bulletins/new/", form_data(city_leader))
    bulletin = Bulletin.objects.get()
    assert saved.status_code == 302 and saved["Location"] == f"/dashboard/bulletins/{bulletin.pk}/"
    assert bulletin.created_by == city_leader and bulletin.issuer.name == "聊城市科学技术局"
    assert bulletin.content["requirements"] == "按期补报。"
    listing = client.get("/dashboard/bulletins/").content.decode()
    assert bulletin.title in listing and "聊城市" in listing
    again = client.get(f"/dashboard/bulletins/{bulletin.pk}/", {"format": "docx"})
    assert Document(BytesIO(again.content)).paragraphs[1].text == bulletin.content["opening"]


def test_a_saved_bulletin_keeps_its_figures(client, history, city_leader, county_officer, world):
    client.force_login(city_leader)
    client.post("/dashboard/bulletins/new/", form_data(city_leader))
    bulletin = Bulletin.objects.get()
    Target.objects.filter(pk=world.county_office_target.pk).update(value=Decimal(1))
    report(world.county_office_target, 5, date(YEAR, 9, 1), county_officer)  # a late report, back-dated
    page = client.get(f"/dashboard/bulletins/{bulletin.pk}/").content.decode()
    assert bulletin.content["opening"] in page


def test_a_period_not_yet_ended_is_refused_with_the_input_kept(client, world, city_leader):
    client.force_login(city_leader)
    future = timezone.localdate() + timedelta(days=40)
    response = client.get(
        "/dashboard/bulletins/new/",
        form_data(city_leader, kind="month", year=str(future.year), number=str(future.month), requirements="我的要求"),
    )
    text = response.content.decode()
    assert response.status_code == 200 and "尚未结束" in text and "我的要求" in text
    assert "通报预览" not in text


def test_a_scope_outside_the_leaders_is_not_offered_nor_accepted(client, world, county_leader):
    client.force_login(county_leader)
    page = client.get("/dashboard/bulletins/new/").content.decode()
    assert "东昌府区" in page and "聊城市" not in page
    response = client.get("/dashboard/bulletins/new/", form_data(county_leader, scope="region:371500"))
    assert "通报预览" not in response.content.decode()
    assert "选择一个有效的选项" in response.content.decode() or "Select a valid choice" in response.content.decode()


def test_a_county_leader_does_not_see_the_citys_saved_bulletin(client, history, city_leader, county_leader):
    client.force_login(city_leader)
    client.post("/dashboard/bulletins/new/", form_data(city_leader))
    bulletin = Bulletin.objects.get()
    client.force_login(county_leader)
    assert client.get(f"/dashboard/bulletins/{bulletin.pk}/").status_code == 404
    assert bulletin.title not in client.get("/dashboard/bulletins/").content.decode()
