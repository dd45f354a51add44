"""The same kinds of table saved the other ways bureaus save them: .csv (UTF-8, UTF-8 with
BOM, GB18030), .xls (WPS and older Excel), .ods, and .xlsx as report systems export it
(inline strings, a <dimension> that does not match the cells)."""

from datetime import date

from openpyxl import Workbook

from . import Layout, expect, target, task
from .writers import as_system_export, csv_bytes, ods, xls


def csv_indicators_utf8_bom() -> tuple[bytes, str]:
    """An indicator list saved as "CSV UTF-8" (with BOM): units and comparators in the cells."""
    rows = [
        ["序号", "指标名称", "目标值", "单位", "责任科室"],
        [1, "新增科技企业孵化器", "≥3", "家", "成果转化科"],
        [2, "技术合同成交额增速", "15%", "", "成果转化科"],
        [3, "企业研发费用加计扣除额", "45亿元", "", "高新技术科"],
        [4, "组织科技活动周系列活动", "不少于30场次", "", "社会发展科"],
    ]
    return csv_bytes(rows, "utf-8-sig"), "科技指标.csv"


def csv_tasks_gb18030() -> tuple[bytes, str]:
    """A task list saved as plain CSV on a Chinese Windows (GB18030), with section rows and a
    department with full-width parentheses."""
    rows = [
        ["序号", "重点任务", "目标任务", "牵头科室", "配合科室", "完成时限"],
        ["一", "强化企业创新主体地位", "", "", "", ""],
        [1, "支持企业建设研发机构", "新建企业研发中心不少于25家", "高新技术科", "", "2024年12月"],
        [2, "实施科技创新券制度", "发放科技创新券2000万元", "政策法规科", "办公室", "2024年9月底"],
        ["二", "优化创新创业生态", "", "", "", ""],
        [3, "举办创新创业大赛", "参赛项目达到150个以上", "成果转化科", "科技服务中心（科技情报研究所）", "2024年8月"],
    ]
    return csv_bytes(rows, "gb18030"), "重点任务.csv"


def csv_ledger_utf8() -> tuple[bytes, str]:
    """A 督办 list exported as UTF-8 CSV without BOM; 进展情况 figures are progress."""
    rows = [
        ["督办事项", "承办科室", "责任人", "办理时限", "进展情况"],
        ["落实科技型企业贷款贴息，贴息企业不少于40家", "政策法规科", "赵敏", "2024年8月31日", "已受理18家"],
        ["建设市级农业科技园区2个", "农村科技科", "陈静", "2024年12月", "正在选址"],
        ["完成年度科技统计调查", "办公室", "孙丽", "2024年4月", "已完成"],
    ]
    return csv_bytes(rows, "utf-8"), "督办清单.csv"


def xls_two_row_header() -> tuple[bytes, str]:
    """A .xls 任务分解表: title, 责任分工 merged over 牵头科室/配合科室, a task merged over two
    measure rows, a deadline as a date cell."""
    rows = [
        ["2024年科技创新重点任务分解表"] + [None] * 7,
        ["序号", "重点任务", "工作措施", "目标任务", "责任分工", None, "完成时间", "备注"],
        [None, None, None, None, "牵头科室", "配合科室", None, None],
        [
            "一",
            "提升区域创新能力",
            "争创省级创新型县（市、区）",
            "新增省级创新型县1个",
            "高新技术科",
            "政策法规科",
            "2024年12月",
            None,
        ],
        [None, None, "建设科技成果转移转化基地", "新建转移转化基地3家", "成果转化科", None, date(2024, 10, 31), None],
        [
            "二",
            "加强对外科技合作",
            "实施引才引智项目",
            "引进海外高层次人才项目不少于8项",
            "科技合作科",
            "办公室",
            "长期",
            None,
        ],
    ]
    merged = [
        (0, 0, 0, 7),
        (1, 2, 0, 0),
        (1, 2, 1, 1),
        (1, 2, 2, 2),
        (1, 2, 3, 3),
        (1, 1, 4, 5),
        (1, 2, 6, 6),
        (1, 2, 7, 7),
        (3, 4, 0, 0),
        (3, 4, 1, 1),
    ]
    return xls([{"name": "任务分解", "rows": rows, "merged": merged}]), "2024年科技创新重点任务分解表.xls"


def ods_indicators() -> tuple[bytes, str]:
    """An .ods indicator table: a percentage cell (0.028 shown as 2.8%), a comparator in a
    value cell, a hidden row."""
    rows = [
        ["2024年科技创新年度指标", None, None, None, None],
        ["序号", "指标", "单位", "目标值", "责任科室"],
        [1, "高新技术企业数", "家", 900, "高新技术科"],
        [2, "研发经费投入强度", "%", 0.028, "高新技术科"],
        [3, "技术合同成交额", "亿元", "≥85", "成果转化科"],
        [4, "科技企业孵化器数量", "家", 12, "成果转化科"],
        [5, "登记科技成果", "项", 300, "成果转化科"],
    ]
    return ods(
        [{"name": "年度指标", "rows": rows, "merged": [(0, 0, 0, 4)], "percent": {(3, 3)}, "hidden_rows": [5]}]
    ), "2024年科技创新年度指标.ods"


def system_export_inline_strings() -> tuple[bytes, str]:
    """An .xlsx as report systems write it: inline strings instead of shared strings and a
    <dimension ref="A1"> that hides the real size; header words outside the usual list
    (工作事项, 量化目标, 办结时间)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "工作事项"
    ws.append(["序号", "工作事项", "量化目标", "责任部门", "办结时间"])
    ws.append([1, "推进科技企业上市培育", "入库上市后备科技企业30家", "高新技术科", "2024年12月"])
    ws.append([2, "开展科技成果评价改革试点", "完成科技成果评价50项", "成果转化科", "2024年11月"])
    ws.append([3, "加强科研诚信建设", "开展科研诚信宣传活动4次", "政策法规科", "2024年6月"])
    return as_system_export(wb), "工作事项导出.xlsx"


LAYOUTS = [
    Layout(
        "csv_indicators_utf8_bom",
        csv_indicators_utf8_bom,
        expect(
            targets=[
                target("科技企业孵化器", 3, "家", ">="),
                target("技术合同成交额增速", 15, "%"),
                target("研发费用加计扣除额", 45, "亿元"),
                target("科技活动周", 30, "场次", ">="),
            ],
            tasks=[
                task("新增科技企业孵化器", "成果转化科"),
                task("技术合同成交额增速", "成果转化科"),
                task("企业研发费用加计扣除额", "高新技术科"),
                task("组织科技活动周系列活动", "社会发展科"),
            ],
            new_departments=[],
        ),
        ("file:csv-bom", "value-with-unit", "value-with-comparator", "no-task:indicator-table"),
    ),
    Layout(
        "csv_tasks_gb18030",
        csv_tasks_gb18030,
        expect(
            targets=[
                target("企业研发中心", 25, "家", ">="),
                target("科技创新券", 2000, "万元"),
                target("参赛项目", 150, "个", ">="),
            ],
            tasks=[
                task("支持企业建设研发机构", "高新技术科", deadline="2024-12-31", deadline_text="2024年12月"),
                task("科技创新券", "政策法规科", co=["办公室"], deadline="2024-09-30", deadline_text="2024年9月底"),
                task(
                    "创新创业大赛",
                    "成果转化科",
                    co=["科技服务中心（科技情报研究所）"],
                    deadline="2024-08-31",
                    deadline_text="2024年8月",
                ),
            ],
            new_departments=[],
        ),
        ("file:csv-gb18030", "full-width-parentheses"),
    ),
    Layout(
        "csv_ledger_utf8",
        csv_ledger_utf8,
        expect(
            targets=[target("贴息企业", 40, "家", ">="), target("农业科技园区", 2, "个")],
            tasks=[
                task("科技型企业贷款贴息", "政策法规科", deadline="2024-08-31", deadline_text="2024年8月31日"),
                task("农业科技园区", "农村科技科", deadline="2024-12-31", deadline_text="2024年12月"),
                task("科技统计调查", "办公室", deadline="2024-04-30", deadline_text="2024年4月"),
            ],
            new_departments=[],
        ),
        ("file:csv-utf8", "header:督办事项", "no-task:targets-in-sentences"),
    ),
    Layout(
        "xls_two_row_header",
        xls_two_row_header,
        expect(
            targets=[
                target("省级创新型县", 1, "个"),
                target("转移转化基地", 3, "家"),
                target("海外高层次人才项目", 8, "项", ">="),
            ],
            tasks=[
                task(
                    "争创省级创新型县",
                    "高新技术科",
                    co=["政策法规科"],
                    deadline="2024-12-31",
                    deadline_text="2024年12月",
                ),
                task("科技成果转移转化基地", "成果转化科", deadline="2024-10-31", deadline_text="2024-10-31"),
                task("引才引智", "科技合作科", co=["办公室"], deadline=None, deadline_text="长期"),
            ],
            new_departments=[],
        ),
        ("file:xls",),
    ),
    Layout(
        "ods_indicators",
        ods_indicators,
        expect(
            targets=[
                target("高新技术企业数", 900, "家"),
                target("研发经费投入强度", 2.8, "%"),
                target("技术合同成交额", 85, "亿元", ">="),
                target("登记科技成果", 300, "项"),
            ],
            tasks=[
                task("高新技术企业数", "高新技术科"),
                task("研发经费投入强度", "高新技术科"),
                task("技术合同成交额", "成果转化科"),
                task("登记科技成果", "成果转化科"),
            ],
            new_departments=[],
        ),
        ("file:ods", "format:percent", "hidden-rows"),
    ),
    Layout(
        "system_export_inline_strings",
        system_export_inline_strings,
        expect(
            targets=[
                target("上市后备科技企业", 30, "家"),
                target("科技成果评价", 50, "项"),
                target("科研诚信宣传活动", 4, "次"),
            ],
            tasks=[
                task("科技企业上市培育", "高新技术科", deadline="2024-12-31", deadline_text="2024年12月"),
                task("科技成果评价改革试点", "成果转化科", deadline="2024-11-30", deadline_text="2024年11月"),
                task("科研诚信建设", "政策法规科", deadline="2024-06-30", deadline_text="2024年6月"),
            ],
            new_departments=[],
        ),
        ("strings:inline", "false-dimension"),
    ),
]
