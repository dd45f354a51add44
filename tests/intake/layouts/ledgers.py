"""督办台账 and 推进台账: a matter per row with its 办理时限 and progress columns, modelled on
published 督办事项 ledgers (督办事项 / 承办单位 / 责任人 / 办理时限 / 办理进展) and WPS 推进台账
with quarter and month columns."""

from datetime import datetime

from openpyxl import Workbook

from . import Layout, expect, target, task
from .writers import xlsx


def supervision_ledger() -> tuple[bytes, str]:
    """督办事项 holds task and target in one sentence; 办理时限 typed as the number 2024.1 shown
    as "2024.10" (format 0.00) beside real dates; 办理进展 has figures that are progress, not
    targets; footers with 制表人 and a 签字 line."""
    wb = Workbook()
    ws = wb.active
    ws.title = "督办台账"
    ws.append(["2024年度重点事项督办台账"])
    ws.merge_cells("A1:G1")
    ws.append(["序号", "督办事项", "交办来源", "承办科室", "责任人", "办理时限", "办理进展"])
    rows = [
        [1, "开展科技企业走访服务，走访企业不少于80家次", "局党组会议", "高新技术科", "王建国", 2024.1, "已走访35家次"],
        [2, "完成2024年度市级科技计划项目验收120项", "局长办公会", "成果转化科", "刘洋", 2024.06, "已验收42项"],
        [
            3,
            "组织科技人员下乡服务，服务农户不少于500人次",
            "市政府督查室",
            "农村科技科",
            "陈静",
            datetime(2024, 9, 30),
            "正在推进",
        ],
        [4, "研究制定科技金融支持政策", "市领导批示", "政策法规科", "赵敏", 2024.12, "已形成初稿"],
    ]
    for row in rows:
        ws.append(row)
        if isinstance(row[5], float):
            ws.cell(row=ws.max_row, column=6).number_format = "0.00"
        else:
            ws.cell(row=ws.max_row, column=6).number_format = "yyyy-mm-dd"
    ws.append([])
    ws.append(["制表人：孙丽", None, "审核人：周强", None, "填报日期：2024年7月5日"])
    ws.append(["单位负责人（签字）：", None, None, None, "（盖章）"])
    return xlsx(wb), "重点事项督办台账.xlsx"


LAYOUTS = [
    Layout(
        "supervision_ledger",
        supervision_ledger,
        expect(
            targets=[
                target("走访企业", 80, "家次", ">="),
                target("科技计划项目验收", 120, "项"),
                target("服务农户", 500, "人次", ">="),
            ],
            tasks=[
                task("科技企业走访服务", "高新技术科", deadline="2024-10-31", deadline_text="2024.10"),
                task("科技计划项目验收", "成果转化科", deadline="2024-06-30", deadline_text="2024.06"),
                task("科技人员下乡服务", "农村科技科", deadline="2024-09-30", deadline_text="2024-09-30"),
                task("科技金融支持政策", "政策法规科", deadline="2024-12-31", deadline_text="2024.12"),
            ],
            new_departments=[],
        ),
        (
            "header:督办事项",
            "header:办理时限",
            "format:deadline-number",
            "footer:制表人",
            "footer:签字",
            "open-measure-words",
            "no-task:targets-in-sentences",
        ),
    ),
]


def _merge(ws, ref: str, value=None) -> None:
    if value is not None:
        ws[ref.split(":")[0]] = value
    ws.merge_cells(ref)


def wps_progress_three_row_header() -> tuple[bytes, str]:
    """A WPS 推进台账: a header of three rows (推进计划 over 一季度…四季度 over 1月…12月) whose
    month cells hold milestones, not targets; the default Sheet2 and Sheet3 left empty."""
    wb = Workbook()
    ws = wb.active
    ws.title = "推进台账"
    months = [f"{m}月" for m in range(1, 13)]
    _merge(ws, "A1:S1", "2024年度科技重点工作推进台账")
    for column, word in zip("ABCDE", ["序号", "重点工作", "年度目标任务", "责任科室", "责任人"]):
        _merge(ws, f"{column}2:{column}4", word)
    _merge(ws, "F2:Q2", "推进计划")
    for start, end, quarter in [("F", "H", "一季度"), ("I", "K", "二季度"), ("L", "N", "三季度"), ("O", "Q", "四季度")]:
        _merge(ws, f"{start}3:{end}3", quarter)
    for index, month in enumerate(months):
        ws.cell(row=4, column=6 + index, value=month)
    _merge(ws, "R2:R4", "完成时限")
    _merge(ws, "S2:S4", "备注")
    plans = [
        [
            1,
            "高新技术企业培育",
            "高新技术企业总数达到900家",
            "高新技术科",
            "李明",
            "摸底调查",
            "组织培训",
            "启动申报",
            None,
            "累计申报300家",
            "提交材料",
            None,
            "专家评审",
            None,
            "公示",
            None,
            "完成认定",
            "2024年12月",
            None,
        ],
        [
            2,
            "科技型中小企业评价",
            "入库科技型中小企业不少于1500家",
            "高新技术科",
            "李明",
            "政策宣传",
            None,
            "集中入库",
            None,
            "累计入库800家",
            None,
            None,
            "第二批入库",
            None,
            None,
            "总结",
            None,
            "2024年11月",
            None,
        ],
        [
            3,
            "科技成果转化",
            "技术合同成交额不低于85亿元",
            "成果转化科",
            "王芳",
            None,
            "制定方案",
            None,
            "登记",
            None,
            "半年调度",
            None,
            None,
            "登记",
            None,
            None,
            "年度统计",
            "2024年12月",
            None,
        ],
    ]
    for row in plans:
        ws.append(row)
    wb.create_sheet("Sheet2")
    wb.create_sheet("Sheet3")
    return xlsx(wb), "2024年度科技重点工作推进台账.xlsx"


def progress_columns_second_header() -> tuple[bytes, str]:
    """An indicator ledger whose year column splits into 目标值 / 完成值 / 完成率 / 序时进度 on a
    second header row: only 目标值 holds targets; 完成率 and 序时进度 are percents shown from
    fractions (0.578 shown as 57.8%)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "指标完成情况"
    _merge(ws, "A1:H1", "2024年主要科技指标完成情况（截至6月底）")
    for column, word in zip("ABC", ["序号", "主要指标", "单位"]):
        _merge(ws, f"{column}2:{column}3", word)
    _merge(ws, "D2:G2", "年度目标")
    for column, word in zip("DEFG", ["目标值", "完成值", "完成率", "序时进度"]):
        ws[f"{column}3"] = word
    _merge(ws, "H2:H3", "责任科室")
    rows = [
        [1, "高新技术企业数量", "家", 900, 520, 0.578, 0.5, "高新技术科"],
        [2, "技术合同成交额", "亿元", 85, 47.6, 0.56, 0.5, "成果转化科"],
        [3, "省级以上科技创新平台", "家", 15, 6, 0.4, 0.5, "成果转化科"],
        [4, "科技特派员服务人次", "人次", 2000, 1180, 0.59, 0.5, "农村科技科"],
    ]
    for row in rows:
        ws.append(row)
        for column in ("F", "G"):
            ws[f"{column}{ws.max_row}"].number_format = "0.0%"
    return xlsx(wb), "主要科技指标完成情况.xlsx"


LAYOUTS += [
    Layout(
        "wps_progress_three_row_header",
        wps_progress_three_row_header,
        expect(
            targets=[
                target("高新技术企业总数", 900, "家"),
                target("科技型中小企业", 1500, "家", ">="),
                target("技术合同成交额", 85, "亿元", ">="),
            ],
            tasks=[
                task("高新技术企业培育", "高新技术科", deadline="2024-12-31", deadline_text="2024年12月"),
                task("科技型中小企业评价", "高新技术科", deadline="2024-11-30", deadline_text="2024年11月"),
                task("科技成果转化", "成果转化科", deadline="2024-12-31", deadline_text="2024年12月"),
            ],
            skipped_sheets=("Sheet2", "Sheet3"),
            new_departments=[],
        ),
        ("header:three-rows", "header:quarters-over-months", "empty-default-sheets"),
    ),
    Layout(
        "progress_columns_second_header",
        progress_columns_second_header,
        expect(
            targets=[
                target("高新技术企业数量", 900, "家"),
                target("技术合同成交额", 85, "亿元"),
                target("科技创新平台", 15, "家"),
                target("科技特派员服务", 2000, "人次"),
            ],
            tasks=[
                task("高新技术企业数量", "高新技术科"),
                task("技术合同成交额", "成果转化科"),
                task("科技创新平台", "成果转化科"),
                task("科技特派员服务人次", "农村科技科"),
            ],
            new_departments=[],
        ),
        ("header:progress-columns", "header:年度目标", "no-task:indicator-table"),
    ),
]
