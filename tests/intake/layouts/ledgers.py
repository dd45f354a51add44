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
        [1, "开展科技企业走访服务，走访企业不少于80家次", "局党组会议", "高新技术科", "王建国", 2024.1,
         "已走访35家次"],
        [2, "完成2024年度市级科技计划项目验收120项", "局长办公会", "成果转化科", "刘洋", 2024.06,
         "已验收42项"],
        [3, "组织科技人员下乡服务，服务农户不少于500人次", "市政府督查室", "农村科技科", "陈静",
         datetime(2024, 9, 30), "正在推进"],
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
        "supervision_ledger", supervision_ledger,
        expect(
            targets=[
                target("走访企业", 80, "家次", ">="), target("科技计划项目验收", 120, "项"),
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
        ("header:督办事项", "header:办理时限", "format:deadline-number", "footer:制表人", "footer:签字",
         "open-measure-words", "no-task:targets-in-sentences"),
    ),
]
