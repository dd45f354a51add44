"""Layout detection by evidence: header words with year prefixes and variants, headers of
several rows, roles from contents, no required column but a text, skipped sheets and rows
said, the admin's corrections applied. Each workbook here is built for one trait."""

from datetime import date
from decimal import Decimal

from openpyxl import Workbook

from intake.layout import SheetChoice, read_plans
from intake.vocabulary import role_of_header

from .workbooks import save


def targets(reading):
    return [(t.metric, t.comparator, t.value, t.unit) for d in reading.documents for t in d.targets]


def sheet(reading, name):
    return next(s for s in reading.sheets if s.sheet == name)


def roles(layout):
    return {c.letter: c.role for c in layout.columns}


def test_header_words_are_found_through_year_prefixes_and_variants():
    assert role_of_header("2024年目标值") == "value"
    assert role_of_header("全市目标") == "target"
    assert role_of_header("办理时限") == "deadline"
    assert role_of_header("重点工作任务") == "task"
    assert role_of_header("督办事项") == "task"
    assert role_of_header("具体目标") == "target"
    assert role_of_header("考核内容") == "task"
    assert role_of_header("年度目标") == "target"
    assert role_of_header("目标值（万元）") == "value"
    assert role_of_header("三季度") == "progress"
    assert role_of_header("姓名") is None


def indicator_table() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "指标表"
    ws.append(["2024年度科技创新主要指标任务表"])
    ws.append(["序号", "指标名称", "2024年目标值", "单位", "责任科室"])
    ws.append([1, "高新技术企业数量", 120, "家", "高新技术科（创新股）"])
    ws.append([2, "技术合同成交额", "85亿元", None, "成果转化科"])
    ws.append([3, "研发投入强度", "≥2.5%", None, "规划科"])
    ws.append([4, "科技特派员服务", "不少于20家次", None, "农村科"])
    ws.append([5, "新增科技人才", "1.2万人年", None, "人才科"])
    ws.append([6, "规上工业企业研发机构覆盖率", 0.5, None, "高新技术科"])
    ws.cell(row=8, column=3).number_format = "0%"
    ws.append([])
    ws.append(["制表人：某某", None, "审核人：某某"])
    wb.create_sheet("Sheet2")
    wb.create_sheet("Sheet3")
    return save(wb)


def test_indicator_table_without_a_task_column_gives_every_target_with_its_unit_and_comparator():
    reading = read_plans(indicator_table(), "x.xlsx")
    assert reading.problems == []
    assert targets(reading) == [
        ("高新技术企业数量", "eq", Decimal(120), "家"),
        ("技术合同成交额", "eq", Decimal(85), "亿元"),
        ("研发投入强度", "gte", Decimal("2.5"), "%"),
        ("科技特派员服务", "gte", Decimal(20), "家次"),
        ("新增科技人才", "eq", Decimal("1.2"), "万人年"),
        ("规上工业企业研发机构覆盖率", "eq", Decimal(50), "%"),  # 0.5 formatted as a percent reads 50%
    ]


def test_names_are_kept_as_typed_with_full_width_brackets():
    reading = read_plans(indicator_table(), "x.xlsx")
    assert reading.documents[0].tasks[0].lead_department == "高新技术科（创新股）"


def test_empty_default_sheets_and_footers_are_skipped_and_said():
    reading = read_plans(indicator_table(), "x.xlsx")
    assert sheet(reading, "Sheet2").skipped == "空表" and sheet(reading, "Sheet3").skipped == "空表"
    assert sheet(reading, "指标表").skipped_rows == [(10, "表注或签字行")]


def responsibility_book() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "目标责任书"
    ws.append(["2025年度县区科技工作目标责任书考核表"])
    ws.append(["考核内容", "目标任务", "分值", "考核标准", "责任单位"])
    ws.append(["高新技术企业培育", "新增高新技术企业15家", 20, "每少1家扣1分", "高新科"])
    ws.append(["研发投入", "全社会研发投入增长10%以上", 15, "未完成不得分", "规划科"])
    ws.append(["加分项：获国家级奖励的加5分"])
    return save(wb)


def test_responsibility_book_reads_targets_not_scores():
    reading = read_plans(responsibility_book(), "x.xlsx")
    assert roles(sheet(reading, "目标责任书")) == {
        "A": "task",
        "B": "target",
        "C": "score",
        "D": "criteria",
        "E": "lead",
    }
    assert targets(reading) == [
        ("新增高新技术企业", "eq", Decimal(15), "家"),
        ("全社会研发投入增长", "gte", Decimal(10), "%"),
    ]
    assert [t.text for t in reading.documents[0].tasks] == ["高新技术企业培育", "研发投入"]


def supervision_ledger() -> bytes:
    """督办台账: a two-row header with progress columns by quarter under 进展情况, a deadline
    typed as the number 2024.10 (formatted 0.00), a 填写示例 row and a hidden row."""
    wb = Workbook()
    ws = wb.active
    ws.title = "督办台账"
    ws.append(["2024年重点工作督办台账"])
    ws.append(["序号", "督办事项", "具体目标", "责任单位", "办理时限", "进展情况", None, None, None])
    ws.append([None, None, None, None, None, "一季度", "二季度", "三季度", "四季度"])
    ws.merge_cells("F2:I2")
    for column in "ABCDE":
        ws.merge_cells(f"{column}2:{column}3")
    ws.append(
        [1, "推进科技成果转化", "技术合同登记额达到30亿元", "成果转化科", 2024.1, "已完成5亿元", None, None, None]
    )
    ws.cell(row=4, column=5).number_format = "0.00"
    ws.append([2, "加强科技企业孵化", "新增孵化器2家", "高新技术科", "第三季度", None, None, None, None])
    ws.append([3, "填写示例", "新增某某3家", "某科", "2024年12月", None, None, None, None])
    ws.append([4, "开展科技下乡", "科技下乡活动不少于10场", "农村科", "持续推进", None, None, None, None])
    ws.append([5, "已撤销的事项", "新增企业99家", "某科", "2024年12月", None, None, None, None])
    ws.row_dimensions[8].hidden = True
    return save(wb)


def test_supervision_ledger_with_progress_columns_a_number_deadline_and_skipped_rows():
    reading = read_plans(supervision_ledger(), "x.xlsx")
    layout = sheet(reading, "督办台账")
    assert layout.header_rows == (1, 2)
    assert roles(layout) == {
        "A": "seq",
        "B": "task",
        "C": "target",
        "D": "lead",
        "E": "deadline",
        "F": "progress",
        "G": "progress",
        "H": "progress",
        "I": "progress",
    }
    tasks = reading.documents[0].tasks
    assert [(t.text, t.deadline) for t in tasks] == [
        ("推进科技成果转化", date(2024, 10, 31)),
        ("加强科技企业孵化", date(2024, 9, 30)),
        ("开展科技下乡", None),
    ]
    assert tasks[0].deadline_text == "2024.10"
    assert targets(reading)[-1] == ("科技下乡活动", "gte", Decimal(10), "场")
    assert layout.skipped_rows == [(6, "填写示例"), (8, "隐藏行")]


def test_hidden_columns_are_not_read():
    wb = Workbook()
    ws = wb.active
    ws.append(["2024年任务表"])
    ws.append(["重点任务", "目标任务", "旧目标", "牵头部门"])
    ws.append(["培育企业", "新增企业5家", "新增企业99家", "高新科"])
    ws.column_dimensions["C"].hidden = True
    reading = read_plans(save(wb), "x.xlsx")
    assert targets(reading) == [("新增企业", "eq", Decimal(5), "家")]
    assert "C" not in roles(reading.sheets[0])


def test_three_row_header_with_a_group_row_above():
    wb = Workbook()
    ws = wb.active
    ws.append(["2024年工作推进台账"])
    ws.append(["基本情况", None, None, "推进情况", None])
    ws.append(["工作任务", "牵头科室", "完成时限", "1月", "2月"])
    ws.merge_cells("A2:C2")
    ws.merge_cells("D2:E2")
    ws.append(["新增高新技术企业10家", "高新科", "2024年12月", "2家", None])
    reading = read_plans(save(wb), "x.xlsx")
    assert reading.sheets[0].header_rows == (1, 2)
    assert roles(reading.sheets[0]) == {"A": "task", "B": "lead", "C": "deadline", "D": "progress", "E": "progress"}
    assert targets(reading) == [("新增高新技术企业", "eq", Decimal(10), "家")]


def test_columns_without_header_words_get_roles_from_their_contents():
    wb = Workbook()
    ws = wb.active
    ws.append(["2024年工作清单"])
    ws.append(["工作任务", "承担", "何时"])
    ws.append(["力争新增高新技术企业20家以上", "高新科", "2024年12月"])
    ws.append(["举办科技活动周活动3场", "办公室", "2024年5月"])
    reading = read_plans(save(wb), "x.xlsx")
    layout = reading.sheets[0]
    assert roles(layout) == {"A": "task", "B": "lead", "C": "deadline"}
    assert [c.found_by for c in layout.columns] == ["表头", "内容", "内容"]
    assert [t.lead_department for t in reading.documents[0].tasks] == ["高新科", "办公室"]


def wide_split() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "分解"
    ws.append(["2024年科技工作目标任务分解表"])
    ws.append(["指标名称", "单位", "全市目标", "东昌府区", "阳谷县", "经开区"])
    ws.append(["新增高新技术企业", "家", 20, 9, 8, 3])
    return save(wb)


def test_a_column_per_county_is_a_wide_split():
    reading = read_plans(wide_split(), "x.xlsx")
    (target,) = reading.documents[0].targets
    assert (target.metric, target.value, target.unit) == ("新增高新技术企业", Decimal(20), "家")
    assert [(s.region_name, s.value) for s in target.shares] == [("东昌府区", 9), ("阳谷县", 8), ("经开区", 3)]


def test_a_summary_sheet_beside_county_sheets_is_skipped_with_a_notice():
    wb = Workbook()
    for name in ("东昌府区", "阳谷县", "汇总"):
        ws = wb.create_sheet(name)
        ws.append([f"2024年{name}科技工作任务表"])
        ws.append(["重点任务", "目标任务", "牵头部门"])
        ws.append(["培育企业", "新增企业5家", "高新科"])
    del wb["Sheet"]
    reading = read_plans(save(wb), "x.xlsx")
    assert [d.sheet for d in reading.documents] == ["东昌府区", "阳谷县"]
    assert "汇总表" in sheet(reading, "汇总").skipped


def test_problems_instead_of_silent_drops_and_defaults():
    wb = Workbook()
    ws = wb.active
    ws.title = "任务"
    ws.append(["2026年工作任务表"])
    ws.append(["重点任务", "目标任务", "牵头部门", "完成时限"])
    ws.append([None, "新增企业5家", "高新科", "2026年12月"])
    ws.append(["建设平台", "新建平台abc家", "高新科", "2026年13月"])
    ws.append(["企业服务", "服务企业10家", "—", "2026-02-30"])
    reading = read_plans(save(wb), "x.xlsx")
    assert [(p.row, p.column, p.message) for p in reading.problems] == [
        (3, "A（重点任务）", "有指标（“新增企业5家”）但没有任务文字，无法确定它属于哪项任务。"),
        (4, "B（目标任务）", "“新建平台abc家”中的“abc家”不是可以读取的数字。"),
        (4, "D（完成时限）", "日期“2026年13月”中的月份 13 不存在。"),
        (5, "C（牵头部门）", "无法识别牵头部门“—”。"),
        (5, "D（完成时限）", "日期“2026-02-30”不存在（2026年2月没有30日）。"),
    ]
    assert {p.sheet for p in reading.problems} == {"任务"}


def test_the_admins_column_roles_and_header_rows_are_applied():
    wb = Workbook()
    ws = wb.active
    ws.title = "表"
    ws.append(["2024年工作表"])
    ws.append(["说明行", None, None])
    ws.append(["事项", "数", "谁"])
    ws.append(["新建平台", 3, "高新科"])
    reading = read_plans(save(wb), "x.xlsx")
    choice = SheetChoice(header_rows=(3,), roles={0: "task", 1: "value", 2: "lead"})
    corrected = read_plans(save(wb), "x.xlsx", choices={"表": choice})
    assert roles(corrected.sheets[0]) == {"A": "task", "B": "value", "C": "lead"}
    assert {c.found_by for c in corrected.sheets[0].columns} == {"管理员"}
    assert targets(corrected) == [("新建平台", "eq", Decimal(3), "")]
    assert corrected.documents[0].tasks[0].lead_department == "高新科"
    assert corrected.sheets[0].signature == (reading.sheets[0].signature or corrected.sheets[0].signature)


def test_a_skipped_sheet_stays_out_and_an_included_instructions_sheet_comes_in():
    wb = Workbook()
    ws = wb.active
    ws.title = "填表说明"
    ws.append(["2024年任务表"])
    ws.append(["重点任务", "目标任务"])
    ws.append(["培育企业", "新增企业5家"])
    assert read_plans(save(wb), "x.xlsx").documents == []
    included = read_plans(save(wb), "x.xlsx", choices={"填表说明": SheetChoice(skip=False)})
    assert targets(included) == [("新增企业", "eq", Decimal(5), "家")]
    skipped = read_plans(save(wb), "x.xlsx", choices={"填表说明": SheetChoice(skip=True)})
    assert skipped.sheets[0].skipped == "管理员选择不导入此表"


def test_a_saved_profile_is_applied_to_the_same_header_and_said():
    wb = Workbook()
    ws = wb.active
    ws.title = "表"
    ws.append(["2024年工作表"])
    ws.append(["工作任务", "目标任务", "承担"])
    ws.append(["培育企业", "新增企业5家", "张三"])
    first = read_plans(save(wb), "x.xlsx")
    assert roles(first.sheets[0])["C"] is None
    profile = {first.sheets[0].signature: SheetChoice(roles={2: "person"})}
    second = read_plans(save(wb), "x.xlsx", profiles=profile)
    assert second.sheets[0].from_profile is True
    assert roles(second.sheets[0])["C"] == "person"
    assert second.documents[0].tasks[0].person == "张三"


def assessment_rules_with_footers() -> bytes:
    """考核细则 ending in scoring rules and signature lines, none of them a task."""
    wb = Workbook()
    ws = wb.active
    ws.title = "考核细则"
    ws.append(["2025年度乡镇科技工作考核细则"])
    ws.append(["考核内容", "分值", "目标任务", "考核标准", "责任科室"])
    ws.append(["科技企业培育", 20, "新增科技型企业12家", "每少1家扣2分", "高新技术科"])
    ws.append(["成果转化", 10, "技术合同额不低于5亿元", "按比例计分", "成果转化科"])
    ws.append(["加分：承办省级以上活动的每次加2分，最多加4分。"])
    ws.append(["扣分", "发生安全事故扣10分"])
    ws.append(["备注", "分值合计30分"])
    ws.append(["考核组（盖章）", None, None, "乡镇负责人（签字）"])
    ws.append(["制表人：王五"])
    return save(wb)


def test_scoring_rules_and_signature_footers_are_skipped_and_said():
    reading = read_plans(assessment_rules_with_footers(), "x.xlsx")
    assert [t.text for t in reading.documents[0].tasks] == ["科技企业培育", "成果转化"]
    assert targets(reading) == [("新增科技型企业", "eq", Decimal(12), "家"), ("技术合同额", "gte", Decimal(5), "亿元")]
    assert sheet(reading, "考核细则").skipped_rows == [(row, "表注或签字行") for row in (5, 6, 7, 8, 9)]


def task_list_with_merged_section_titles() -> bytes:
    """Section rows: a label in the number column and its title merged across the rest of the
    row; deadlines written as a year's quarter or half."""
    wb = Workbook()
    ws = wb.active
    ws.title = "任务清单"
    ws.append(["某县科学技术局2025年度工作任务清单"])
    ws.merge_cells("A1:E1")
    ws.append(["序号", "年度重点任务", "工作目标", "责任科室", "完成时限"])
    ws.append(["（一）", "平台建设"])
    ws.merge_cells("B3:E3")
    ws.append([1, "建设孵化载体", "新增众创空间2家", "高新技术科", "2025年第三季度"])
    ws.append([2, "建设研发中心", "新建研发中心5个", "高新技术科", "2025年上半年"])
    ws.append(["（二）", "成果转化"])
    ws.merge_cells("B6:E6")
    ws.append([3, "技术合同登记", "技术合同额达到3亿元", "成果转化科", "2025年二季度末"])
    return save(wb)


def test_a_section_title_merged_across_the_row_is_a_section_and_a_quarter_deadline_ends_the_quarter():
    reading = read_plans(task_list_with_merged_section_titles(), "x.xlsx")
    document = reading.documents[0]
    assert [(t.text, t.deadline) for t in document.tasks] == [
        ("建设孵化载体", date(2025, 9, 30)),
        ("建设研发中心", date(2025, 6, 30)),
        ("技术合同登记", date(2025, 6, 30)),
    ]
    assert [s.title for s in document.sections] == ["平台建设", "成果转化"]
    assert [len(t.section) for t in document.tasks] == [1, 1, 1]
    assert {t.lead_department for t in document.tasks} == {"高新技术科", "成果转化科"}


def test_a_whole_area_task_header_is_the_total_value_of_a_wide_split_not_the_task_text():
    assert role_of_header("全县任务") == "value" and role_of_header("2025年全市任务（家）") == "value"
    assert role_of_header("全市重点任务") == "task"
    wb = Workbook()
    ws = wb.active
    ws.title = "任务分解"
    ws.append(["2025年度县区科技工作任务分解"])
    ws.append(["考核指标", "单位", "全县任务", "平安县", "高新区", "责任科室"])
    ws.append(["新增科技型中小企业", "家", 30, 18, 12, "高新技术科"])
    ws.append(["技术合同成交额", "亿元", 2, 1.5, 0.5, "成果转化科"])
    reading = read_plans(save(wb), "x.xlsx")
    assert roles(sheet(reading, "任务分解"))["C"] == "value"
    document = reading.documents[0]
    assert [t.text for t in document.tasks] == ["新增科技型中小企业", "技术合同成交额"]
    assert [(t.metric, t.value, t.unit) for t in document.targets] == [
        ("新增科技型中小企业", Decimal(30), "家"),
        ("技术合同成交额", Decimal(2), "亿元"),
    ]
    assert [(s.region_name, s.value) for s in document.targets[0].shares] == [("平安县", 18), ("高新区", 12)]


def test_a_bare_project_header_is_the_task_and_the_target_column_keeps_the_targets():
    wb = Workbook()
    ws = wb.active
    ws.title = "考核细则"
    ws.append(["2025年度乡镇科技工作考核细则"])
    ws.append(["项目", "分值", "目标任务", "评分办法", "责任科室"])
    ws.append(["科技企业培育", 20, "新增科技型企业12家", "每少1家扣2分", "高新技术科"])
    ws.append(["科普工作", 10, "开展科普活动不少于6场", "未完成不得分", "社会发展科"])
    reading = read_plans(save(wb), "x.xlsx")
    assert roles(sheet(reading, "考核细则")) == {"A": "task", "B": "score", "C": "target", "D": "criteria", "E": "lead"}
    assert [t.text for t in reading.documents[0].tasks] == ["科技企业培育", "科普工作"]
    assert targets(reading) == [("新增科技型企业", "eq", Decimal(12), "家"), ("开展科普活动", "gte", Decimal(6), "场")]
