from datetime import date
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from cockpit.ledger import plan_ledger, put
from intake.run import preview_workbook
from intake.services import ImportProblems, plan_import
from plans.models import Plan, Section, Task
from targets.models import Target
from targets.selectors import plan_rows_visible_to
from units.models import Bureau, Department, Region

from .workbooks import two_row_header_workbook, value_columns_workbook


def counts():
    return (
        Plan.objects.count(),
        Section.objects.count(),
        Task.objects.count(),
        Target.objects.count(),
        Department.objects.count(),
    )


def test_county_admin_cannot_import_into_the_city(world, county_admin):
    preview = preview_workbook(two_row_header_workbook(), "x.xlsx", world.city)
    with pytest.raises(PermissionDenied):
        plan_import(actor=county_admin, bureau=world.city, documents=preview.documents)


def test_import_creates_plan_sections_tasks_targets_and_departments(world, county_admin):
    preview = preview_workbook(two_row_header_workbook(), "x.xlsx", world.county)
    assert preview.ok and preview.new_departments == ["成果股"]
    result = plan_import(actor=county_admin, bureau=world.county, documents=preview.documents, source="x.xlsx")
    (plan,) = result.plans
    assert (plan.status, plan.year, plan.source) == ("draft", 2025, "x.xlsx")
    assert list(plan.sections.values_list("label", flat=True)) == ["一", "二"]
    tasks = list(plan.tasks.order_by("order"))
    assert [t.lead_department.name for t in tasks] == ["创新股", "创新股", "成果股"]
    assert list(tasks[0].co_departments.values_list("name", flat=True)) == ["办公室"]
    target = Target.objects.get(task=tasks[0])
    assert (target.value, target.period_start, target.period_end) == (20, date(2025, 1, 1), date(2025, 12, 31))
    assert target.history.get().history_user == county_admin


def test_reimport_updates_in_place_without_duplicates(world, county_admin):
    preview = preview_workbook(two_row_header_workbook(), "x.xlsx", world.county)
    plan_import(actor=county_admin, bureau=world.county, documents=preview.documents)
    before = counts()
    ids = set(Target.objects.values_list("pk", flat=True))
    result = plan_import(actor=county_admin, bureau=world.county, documents=preview.documents)
    assert counts() == before
    assert set(Target.objects.values_list("pk", flat=True)) == ids
    assert (result.created, result.updated, result.deleted) == (0, 0, 0)


def test_error_in_a_later_document_commits_nothing(world, county_admin, monkeypatch):
    preview = preview_workbook(two_row_header_workbook(), "x.xlsx", world.county)
    second = preview_workbook(value_columns_workbook(), "y.xlsx", world.county)
    before = counts()
    import intake.services as services

    real = services._write_targets
    calls = []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("数据库在第二个计划中途出错")
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "_write_targets", failing)
    with pytest.raises(RuntimeError):
        plan_import(actor=county_admin, bureau=world.county, documents=preview.documents + second.documents)
    assert counts() == before


def test_split_to_unknown_region_is_an_error_before_writing(world, city_admin):
    from plans.drafts import DraftDocument, DraftShare, DraftTarget, DraftTask

    document = DraftDocument(
        title="分解",
        year=2026,
        tasks=[
            DraftTask(
                section=(),
                text="分解",
                targets=[
                    DraftTarget(
                        source="",
                        metric="研发投入",
                        value=5,
                        unit="亿元",
                        comparator="gte",
                        kind="amount",
                        shares=[DraftShare("371502", "东昌府区", 3), DraftShare("379999", "不存在县", 2)],
                    )
                ],
            )
        ],
    )
    before = counts()
    with pytest.raises(ImportProblems) as error:
        plan_import(actor=city_admin, bureau=world.city, documents=[document])
    assert [p.row for p in error.value.problems] == [None]
    assert "379999" in error.value.problems[0].message
    assert counts() == before


def test_split_to_a_county_of_another_city_is_an_error_before_writing(world, city_admin):
    from plans.drafts import DraftDocument, DraftShare, DraftTarget, DraftTask

    other_city_county = Bureau.objects.create(
        name="德城区科学技术局",
        parent=world.other_city,
        region=Region.objects.create(code="371402", name="德城区", level="county", parent=world.other_city.region),
    )
    document = DraftDocument(
        title="分解",
        year=2026,
        tasks=[
            DraftTask(
                section=(),
                text="分解",
                targets=[
                    DraftTarget(
                        source="",
                        metric="研发投入",
                        value=5,
                        unit="亿元",
                        comparator="gte",
                        kind="amount",
                        shares=[
                            DraftShare("371502", "东昌府区", 3),
                            DraftShare(other_city_county.region.code, "德城区", 2),
                        ],
                    )
                ],
            )
        ],
    )
    before = counts()
    with pytest.raises(ImportProblems) as error:
        plan_import(actor=city_admin, bureau=world.city, documents=[document])
    assert ["371402" in p.message for p in error.value.problems] == [True]
    assert counts() == before


def test_split_assigns_shares_to_county_bureaus(world, city_admin):
    from plans.drafts import DraftDocument, DraftShare, DraftTarget, DraftTask

    document = DraftDocument(
        title="分解",
        year=2026,
        tasks=[
            DraftTask(
                section=(),
                text="分解",
                targets=[
                    DraftTarget(
                        source="",
                        metric="研发投入",
                        value=5,
                        unit="亿元",
                        comparator="gte",
                        kind="amount",
                        shares=[DraftShare("371502", "东昌府区", 3), DraftShare("371521", "阳谷县", 2)],
                    )
                ],
            )
        ],
    )
    plan_import(actor=city_admin, bureau=world.city, documents=[document])
    parent = Target.objects.get(metric="研发投入", parent__isnull=True)
    assert {(c.assigned_bureau, c.value) for c in parent.children.all()} == {(world.county, 3), (world.other_county, 2)}


def test_exported_plan_reimports_unchanged(db):
    from django.contrib.auth import get_user_model

    from demo.builder import load_demo

    load_demo(today=date(2026, 11, 22))
    admin = get_user_model().objects.get(username="lc_admin")
    plan = Plan.objects.get(title="聊城市科学技术局2026年度重点工作计划")
    ledger = plan_ledger(plan, plan_rows_visible_to(admin, plan, date(2026, 11, 22)), date(2026, 11, 22))
    preview = preview_workbook(ledger, "台账.xlsx", plan.bureau)
    assert preview.ok, preview.problems
    snapshot = lambda: (  # noqa: E731
        counts(),
        sorted(
            Target.objects.filter(task__plan=plan).values_list(
                "pk",
                "metric",
                "value",
                "unit",
                "comparator",
                "kind",
                "baseline",
                "period_start",
                "period_end",
                "source_text",
                "parent",
                "assigned_bureau",
                "task__text",
                "task__section__label",
            )
        ),
        sorted(Task.objects.filter(plan=plan).values_list("pk", "text", "lead_department", "deadline", "order")),
        sum(m.history.count() for m in (Plan, Section, Task, Target)),
    )
    before = snapshot()
    result = plan_import(actor=admin, bureau=plan.bureau, documents=preview.documents, source="台账.xlsx")
    assert (result.created, result.updated, result.deleted) == (0, 0, 0)
    assert snapshot() == before


def test_export_never_writes_a_live_formula(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    for row, text in enumerate(['=HYPERLINK("http://x")', "+1+2", "-3", "@SUM(A1)", "正常文本"], start=1):
        put(workbook.active, row, 1, text)
    buffer = BytesIO()
    workbook.save(buffer)
    reopened = load_workbook(BytesIO(buffer.getvalue()))
    cells = [reopened.active.cell(row, 1) for row in range(1, 6)]
    assert [c.data_type for c in cells] == ["s"] * 5
    assert cells[0].value == '=HYPERLINK("http://x")'


def test_hostile_text_is_stored_as_typed_and_exported_inert(world, city_admin):
    """Zero-width characters, cells that look like formulas (=, +, -, @) and a task cell
    merged over two rows: imported as the user's text, never evaluated, and exported as text."""
    from openpyxl import Workbook

    workbook = Workbook()
    ws = workbook.active
    ws.title = "任务表"
    ws.append(["2026年度\u200b科技工作任务表"])
    ws.append(["序号", "工作\u200b任务", "目标任务", "牵头\ufeff部门", "完成时限"])
    rows = [
        [1, '=HYPERLINK("http://x","点此")', "新增企业\u200b5家", "高新科\u200b", "2026年12月底"],
        [2, "+86 联络专线", "开展培训２０场", "成果科", "2026年6月底"],
        [3, "@全体 研究部署", "签订协议3项", "高新科", "长期"],
        [None, None, "-新增平台2家", None, None],
    ]
    for values in rows:
        ws.append(values)
    for row in ws.iter_rows(min_row=3):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # typed text, not a formula
    ws.merge_cells("B5:B6")  # the @ task covers the row below
    ws.merge_cells("D5:D6")
    buffer = BytesIO()
    workbook.save(buffer)

    preview = preview_workbook(buffer.getvalue(), "x.xlsx", world.city)
    assert preview.ok, preview.problems
    plan = plan_import(actor=city_admin, bureau=world.city, documents=preview.documents).plans[0]
    texts = list(Task.objects.filter(plan=plan).order_by("order").values_list("text", flat=True))
    assert texts == ['=HYPERLINK("http://x","点此")', "+86 联络专线", "@全体 研究部署"]
    assert all("\u200b" not in t and "\ufeff" not in t for t in texts)
    merged = Task.objects.get(plan=plan, text="@全体 研究部署")
    assert list(merged.targets.values_list("metric", "value")) == [("签订协议", 3), ("-新增平台", 2)]  # as typed
    assert merged.lead_department.name == "高新科"
    assert Target.objects.get(task__plan=plan, metric="新增企业").value == 5
    assert Target.objects.get(task__plan=plan, metric="开展培训").value == 20

    ledger = load_workbook(
        BytesIO(plan_ledger(plan, plan_rows_visible_to(city_admin, plan, date(2026, 11, 22)), date(2026, 11, 22)))
    )
    cells = [c for row in ledger.active.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(c.value.startswith("=HYPERLINK") for c in cells)
    assert all(c.data_type == "s" for c in cells if c.value[:1] in "=+-@")
