"""任务分解表: tasks with their targets written inside sentences, modelled on published
重点工作任务分解表 and 政府工作报告任务分解 (序号 / 工作任务 / 牵头单位 / 责任单位 / 完成时限)."""

from datetime import datetime

from openpyxl import Workbook

from . import Layout, expect, problem, target, task
from .writers import xlsx


def _titled(ws, title: str, width: int, subtitle: str | None = None) -> None:
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    if subtitle:
        ws.append([subtitle])
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)


def _section(ws, text: str, width: int) -> None:
    ws.append([text])
    row = ws.max_row
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)


def key_tasks_year_headers() -> tuple[bytes, str]:
    """Header words with a year prefix (2024年重点工作任务) and variants (具体目标, 牵头科室);
    section rows merged across; a department with full-width parentheses; a 注 footer."""
    wb = Workbook()
    ws = wb.active
    ws.title = "重点工作"
    _titled(
        ws, "泰安市科学技术局2024年重点工作任务分解表", 7, "填报单位：泰安市科学技术局办公室        填报日期：2024年3月"
    )
    ws.append(["序号", "2024年重点工作任务", "具体目标", "牵头科室", "配合科室", "完成时限", "备注"])
    _section(ws, "一、培育壮大创新主体", 7)
    ws.append(
        [
            1,
            "实施高新技术企业倍增行动",
            "全年新增高新技术企业不少于60家，高新技术企业总数达到900家以上",
            "高新技术科",
            "成果转化科",
            "2024年12月底",
            None,
        ]
    )
    ws.append(
        [2, "开展科技型中小企业评价入库", "评价入库科技型中小企业1500家以上", "高新技术科", None, "2024年9月30日", None]
    )
    _section(ws, "二、加快科技成果转移转化", 7)
    ws.append(
        [
            3,
            "推进技术合同认定登记",
            "技术合同成交额达到85亿元",
            "成果转化科",
            "科技服务中心（科技情报研究所）",
            "2024年11月",
            "按季度统计",
        ]
    )
    ws.append(
        [
            4,
            "常态化组织科技成果路演",
            "举办科技成果路演活动12场次",
            "科技服务中心（科技情报研究所）",
            "成果转化科",
            "每季度",
            None,
        ]
    )
    _section(ws, "三、建设高水平科技人才队伍", 7)
    ws.append([5, "引育高层次科技人才", "柔性引进高层次科技人才不少于30人", "政策法规科", None, "长期", None])
    ws.append(
        [
            6,
            "完善科技创新政策体系",
            "修订完善科技创新支持政策，形成政策汇编",
            "政策法规科",
            "办公室",
            "2024年6月底前",
            None,
        ]
    )
    ws.append(["注：完成时限为最迟完成时间，各牵头科室每月25日前报送进展。"])
    ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=7)
    return xlsx(wb), "2024年重点工作任务分解表.xlsx"


def report_tasks_in_sentences() -> tuple[bytes, str]:
    """政府工作报告 style: the target sits inside the task sentence (no target column);
    责任单位 names every county, which leads nothing; deadlines as text, as a date cell and as
    a month alone."""
    wb = Workbook()
    ws = wb.active
    ws.title = "任务分解"
    _titled(ws, "2024年《政府工作报告》科技领域任务分解表", 5)
    ws.append(["序号", "工作任务", "牵头单位", "责任单位", "完成时限"])
    ws.append([1, "全社会研发经费投入增长12%以上", "高新技术科", "各县（市、区）科技局", "12月底"])
    ws.append([2, "新增省级以上科技创新平台15家", "成果转化科", "各县（市、区）科技局", "2024年10月"])
    ws.append(
        [3, "技术合同登记成交额达到120亿元", "成果转化科", "科技服务中心（科技情报研究所）", datetime(2024, 11, 30)]
    )
    ws.append([4, "深化科技特派员制度，选派科技特派员200人次以上", "农村科技科", "各县（市、区）科技局", "持续推进"])
    ws.append([5, "深化科技领域“放管服”改革", "政策法规科", "办公室", "2024年6月"])
    ws.cell(row=5, column=5).number_format = 'yyyy"年"m"月"d"日"'
    return xlsx(wb), "政府工作报告任务分解（科技）.xlsx"


def abbreviated_departments_with_example_row() -> tuple[bytes, str]:
    """Departments written by their short names (高新科 for 高新技术科 …) and a 填写示例 row
    under the header that is not a task."""
    wb = Workbook()
    ws = wb.active
    ws.title = "任务清单"
    _titled(ws, "2024年度科技创新工作任务清单", 5)
    ws.append(["序号", "工作任务", "目标任务", "责任科室", "完成时间"])
    ws.append(["填写示例", "开展××工作", "新增××企业10家", "××科", "2024年12月"])
    ws.append([1, "培育创新型中小企业", "新增创新型中小企业80家", "高新科", "2024年12月"])
    ws.append([2, "组织成果登记", "登记科技成果不少于150项", "成果科、高新科", "2024年11月"])
    ws.append([3, "推进可持续发展议程创新示范", "实施社会发展领域科技项目10项", "社发科", "2024年10月底"])
    ws.append([4, "开展科技活动周", "举办科普活动20场", "社发科、办公室", "2024年5月"])
    return xlsx(wb), "科技创新工作任务清单.xlsx"


def rows_with_problems() -> tuple[bytes, str]:
    """Cells the importer cannot read must come back as problems with sheet, row and column:
    impossible dates, a number it cannot parse, a target with no task, an unreadable lead."""
    wb = Workbook()
    ws = wb.active
    ws.title = "2026年任务"
    _titled(ws, "2026年科技工作重点任务表", 5)
    ws.append(["序号", "重点任务", "目标任务", "牵头科室", "完成时限"])
    ws.append([1, "培育高新技术企业", "新增高新技术企业50家以上", "高新技术科", "2026年12月"])  # row 3
    ws.append([2, "开展科技政策宣讲", "宣讲不少于10场", "政策法规科", "2026年13月"])  # row 4
    ws.append([3, "组织产学研技术交流", "组织对接会8场", "科技合作科", "2026-02-30"])  # row 5
    ws.append([4, "建设科技创新平台", "新建平台abc家", "成果转化科", "2026年9月"])  # row 6
    ws.append([5, None, "新增科技型中小企业200家", "高新技术科", "2026年12月"])  # row 7
    ws.append([6, "培育科技服务机构", "新增科技服务机构5家", "—", "2026年11月"])  # row 8
    return xlsx(wb), "2026年科技工作重点任务表.xlsx"


def offset_table_with_notes_above() -> tuple[bytes, str]:
    """The table starts at B5: an 附件 label, a title and 填报说明 above it, column A left empty;
    a 填表说明 sheet after it."""
    wb = Workbook()
    ws = wb.active
    ws.title = "人才工作"
    ws["A1"] = "附件2"
    ws["B2"] = "2024年科技人才工作任务台账"
    ws.merge_cells("B2:F2")
    ws["B3"] = "填报说明：请各科室于每月5日前更新，数字请填写阿拉伯数字。"
    ws.merge_cells("B3:F3")
    for column, word in zip("BCDEF", ["序号", "工作任务", "年度目标", "责任科室", "完成时间"]):
        ws[f"{column}5"] = word
    rows = [
        [1, "实施青年科技人才托举计划", "支持青年科技人才项目40项", "政策法规科", "2024年9月"],
        [2, "建设院士（专家）工作站", "新建院士（专家）工作站不少于3家", "科技合作科", "2024年12月"],
        [3, "开展外国专家项目申报", "争取国家外国专家项目5项以上", "科技合作科", "2024年6月底"],
    ]
    for offset, row in enumerate(rows):
        for column, value in zip("BCDEF", row):
            ws[f"{column}{6 + offset}"] = value
    notes = wb.create_sheet("填表说明")
    notes.append(["1. 年度目标须量化，写明数量和单位。"])
    notes.append(["2. 完成时间精确到月。"])
    return xlsx(wb), "科技人才工作任务台账.xlsx"


LAYOUTS = [
    Layout(
        "key_tasks_year_headers",
        key_tasks_year_headers,
        expect(
            targets=[
                target("新增高新技术企业", 60, "家", ">="),
                target("高新技术企业总数", 900, "家", ">="),
                target("科技型中小企业", 1500, "家", ">="),
                target("技术合同成交额", 85, "亿元"),
                target("科技成果路演活动", 12, "场次"),
                target("高层次科技人才", 30, "人", ">="),
            ],
            tasks=[
                task(
                    "实施高新技术企业倍增行动",
                    "高新技术科",
                    deadline="2024-12-31",
                    deadline_text="2024年12月底",
                    co=["成果转化科"],
                ),
                task("科技型中小企业评价入库", "高新技术科", deadline="2024-09-30", deadline_text="2024年9月30日"),
                task(
                    "技术合同认定登记",
                    "成果转化科",
                    deadline="2024-11-30",
                    deadline_text="2024年11月",
                    co=["科技服务中心（科技情报研究所）"],
                ),
                task("科技成果路演", "科技服务中心（科技情报研究所）", deadline=None, deadline_text="每季度"),
                task("引育高层次科技人才", "政策法规科", deadline=None, deadline_text="长期"),
                task("完善科技创新政策体系", "政策法规科", deadline="2024-06-30", deadline_text="2024年6月底前"),
            ],
            new_departments=[],
        ),
        ("header:重点工作任务", "header:具体目标", "full-width-parentheses", "strings:shared"),
    ),
    Layout(
        "report_tasks_in_sentences",
        report_tasks_in_sentences,
        expect(
            targets=[
                target("研发经费投入", 12, "%", ">="),
                target("科技创新平台", 15, "家"),
                target("技术合同登记成交额", 120, "亿元"),
                target("科技特派员", 200, "人次", ">="),
            ],
            tasks=[
                task("研发经费投入增长", "高新技术科", deadline="2024-12-31", deadline_text="12月底", co=[]),
                task("科技创新平台15家", "成果转化科", deadline="2024-10-31", deadline_text="2024年10月"),
                task(
                    "技术合同登记",
                    "成果转化科",
                    deadline="2024-11-30",
                    co=["科技服务中心（科技情报研究所）"],
                    deadline_text="2024年11月30日",
                ),
                task("科技特派员制度", "农村科技科", deadline=None, deadline_text="持续推进"),
                task("放管服", "政策法规科", deadline="2024-06-30", deadline_text="2024年6月", co=["办公室"]),
            ],
            new_departments=[],
        ),
        ("no-task:targets-in-sentences", "full-width-parentheses", "text-dates"),
    ),
    Layout(
        "abbreviated_departments_with_example_row",
        abbreviated_departments_with_example_row,
        expect(
            targets=[
                target("创新型中小企业", 80, "家"),
                target("科技成果", 150, "项", ">="),
                target("社会发展领域科技项目", 10, "项"),
                target("科普活动", 20, "场"),
            ],
            tasks=[
                task("培育创新型中小企业", "高新科", deadline="2024-12-31", deadline_text="2024年12月"),
                task("组织成果登记", "成果科", co=["高新科"], deadline="2024-11-30", deadline_text="2024年11月"),
                task("可持续发展议程", "社发科", deadline="2024-10-31", deadline_text="2024年10月底"),
                task("科技活动周", "社发科", co=["办公室"], deadline="2024-05-31", deadline_text="2024年5月"),
            ],
            new_departments=[],
            aliases={"高新科": "高新技术科", "成果科": "成果转化科", "社发科": "社会发展科"},
        ),
        ("department-abbreviations", "example-row"),
    ),
    Layout(
        "rows_with_problems",
        rows_with_problems,
        expect(
            year=2026,
            targets=[
                target("高新技术企业", 50, "家", ">="),
                target("宣讲", 10, "场", ">="),
                target("对接会", 8, "场"),
                target("科技服务机构", 5, "家"),
            ],
            tasks=[
                task("培育高新技术企业", "高新技术科", deadline="2026-12-31", deadline_text="2026年12月"),
                task("开展科技政策宣讲", "政策法规科", deadline=None, deadline_text="2026年13月"),
                task("组织产学研技术交流", "科技合作科", deadline=None, deadline_text="2026-02-30"),
                task("建设科技创新平台", "成果转化科"),
                task("培育科技服务机构", ""),
            ],
            problems=[
                problem("2026年任务", 4, ["E", "完成时限"], "2026年13月"),
                problem("2026年任务", 5, ["E", "完成时限"], "2026-02-30"),
                problem("2026年任务", 6, ["C", "目标任务"], "新建平台abc家"),
                problem("2026年任务", 7, ["B", "重点任务", "C", "目标任务"], "新增科技型中小企业200家"),
                problem("2026年任务", 8, ["D", "牵头科室"], "—"),
            ],
        ),
        (
            "problem:impossible-date",
            "problem:unreadable-number",
            "problem:target-without-task",
            "problem:unreadable-lead",
        ),
    ),
    Layout(
        "offset_table_with_notes_above",
        offset_table_with_notes_above,
        expect(
            targets=[
                target("青年科技人才项目", 40, "项"),
                target("院士（专家）工作站", 3, "家", ">="),
                target("外国专家项目", 5, "项", ">="),
            ],
            tasks=[
                task("青年科技人才托举", "政策法规科", deadline="2024-09-30", deadline_text="2024年9月"),
                task("院士（专家）工作站", "科技合作科", deadline="2024-12-31", deadline_text="2024年12月"),
                task("外国专家项目申报", "科技合作科", deadline="2024-06-30", deadline_text="2024年6月底"),
            ],
            skipped_sheets=("填表说明",),
            new_departments=[],
        ),
        ("table-offset", "header:年度目标"),
    ),
]
