"""Tables with no task column: 指标表 (指标名称 + 目标值 + 单位), 目标责任书 (考核内容 + 目标任务 +
分值 + 考核标准) and 绩效目标表 (一级/二级/三级指标 + 指标值 + 分值), modelled on published
县域经济考核指标, 目标任务分解表 (项目 / 分值 / 目标任务 / 监考单位) and 项目支出绩效目标表."""

from openpyxl import Workbook

from . import Layout, expect, target, task
from .writers import xlsx


def indicator_table_units_in_cells() -> tuple[bytes, str]:
    """指标名称 + 2024年目标值 + 单位: values carrying their unit and comparator ("85亿元",
    "1.2万家", "≥95%", "不少于20家次"), a fraction shown as a percent (0.5 as 50%), a row
    hidden because the indicator was dropped, last year's targets in a hidden column, a 备注
    footer."""
    wb = Workbook()
    ws = wb.active
    ws.title = "主要指标"
    ws.append(["2024年度科技创新主要指标表"])
    ws.merge_cells("A1:G1")
    ws.append(["序号", "指标名称", "单位", "2023年目标值", "2024年目标值", "责任科室", "备注"])
    ws.append([1, "全社会研发经费投入", None, "78亿元", "85亿元", "高新技术科", None])
    ws.append([2, "科技型中小企业入库数量", None, "1万家", "1.2万家", "高新技术科", "含续评企业"])
    ws.append([3, "高新技术产业产值占规上工业产值比重", "%", 0.48, 0.5, "高新技术科", None])
    ws["D5"].number_format = ws["E5"].number_format = "0%"
    ws.append([4, "科技成果转化项目落地率", None, "≥90%", "≥95%", "成果转化科", None])
    ws.append([5, "众创空间数量", "家", 28, 30, "成果转化科", "本年度不再考核"])
    ws.row_dimensions[7].hidden = True
    ws.append([6, "科技特派员服务企业", None, "不少于15家次", "不少于20家次", "农村科技科", None])
    ws.append([7, "每万人口高价值发明专利拥有量", "件", 11, 12.5, "政策法规科", None])
    ws.column_dimensions["D"].hidden = True
    ws.append(["备注：指标数据以统计部门年报为准。"])
    ws.merge_cells(f"A{ws.max_row}:G{ws.max_row}")
    return xlsx(wb), "2024年度科技创新主要指标表.xlsx"


def responsibility_book() -> tuple[bytes, str]:
    """目标责任书: 考核内容 names the task, 目标任务 holds the target, 分值 is kept on the
    target (not a target), 考核标准 has numbers that are scoring rules; 合计 of scores; 加分项
    and 扣分项 rules and 签字 lines under the table."""
    wb = Workbook()
    ws = wb.active
    ws.title = "目标责任书"
    ws.append(["泰安市科学技术局2024年度科室目标责任书"])
    ws.merge_cells("A1:F1")
    ws.append(["序号", "考核内容", "目标任务", "分值", "考核标准", "责任科室"])
    ws.append(
        [1, "高新技术企业培育", "新增高新技术企业60家", 15, "完成目标得满分，每少1家扣0.5分，扣完为止", "高新技术科"]
    )
    ws.append(
        [2, "科技型中小企业评价", "入库科技型中小企业1500家以上", 10, "完成得满分，完成率低于80%不得分", "高新技术科"]
    )
    ws.append([3, "技术合同登记", "技术合同成交额达到85亿元", 15, "按完成比例计分", "成果转化科"])
    ws.append([4, "科研安全管理", "全年不发生科研安全责任事故", 5, "发生一起扣5分", "办公室"])
    ws.append([5, "科学普及", "举办科普讲座不少于12场", 5, "每少1场扣0.5分", "社会发展科"])
    ws.append(["合计", None, None, 50, None, None])
    ws.append(["加分项：获得省级以上科技奖励的，每项加2分；承办省级以上现场会的，加1分；加分最高不超过5分。"])
    ws.merge_cells(f"A{ws.max_row}:F{ws.max_row}")
    ws.append(["扣分项：未按时报送工作进展的，每次扣1分。"])
    ws.merge_cells(f"A{ws.max_row}:F{ws.max_row}")
    ws.append([])
    ws.append(["局长（签字）：", None, None, "科室负责人（签字）：", None, None])
    ws.append([None, None, None, "2024年2月28日", None, None])
    return xlsx(wb), "2024年度科室目标责任书.xlsx"


def assessment_indicators_open_measures() -> tuple[bytes, str]:
    """考核指标 with value and unit in their own columns and measure words outside any closed
    list (人年, 万亩, 人次, 家次); words in the value cell ("不少于120", "3000以上")."""
    wb = Workbook()
    ws = wb.active
    ws.title = "考核指标"
    ws.append(["2024年度科技工作考核指标及责任分工"])
    ws.merge_cells("A1:G1")
    ws.append(["序号", "考核指标", "目标", "计量单位", "牵头科室", "配合科室", "完成时限"])
    ws.append([1, "科技特派员服务时间", "不少于120", "人年", "农村科技科", None, "第四季度"])
    ws.append([2, "推广农业新品种新技术面积", 5, "万亩", "农村科技科", "成果转化科", "2024年10月"])
    ws.append([3, "开展农村实用技术培训", "3000以上", "人次", "农村科技科", "社会发展科", "2024年11月"])
    ws.append([4, "服务科技型企业", "不少于200", "家次", "高新技术科", None, "2024年12月"])
    ws.append([5, "发明专利授权量", 850, "件", "政策法规科", None, "2024年12月"])
    return xlsx(wb), "2024年度科技工作考核指标.xlsx"


def performance_goal_table() -> tuple[bytes, str]:
    """A 绩效目标表: three levels of indicators with the first two merged down, 年度指标值
    holding comparator, value and unit in one cell, a 分值 per indicator; no department."""
    wb = Workbook()
    ws = wb.active
    ws.title = "绩效目标"
    ws.append(["2024年科技创新专项资金绩效目标表"])
    ws.merge_cells("A1:E1")
    ws.append(["一级指标", "二级指标", "三级指标", "年度指标值", "分值"])
    ws.append(["产出指标", "数量指标", "支持科技计划项目数量", "≥40项", 10])
    ws.append([None, None, "组织科技成果评价", "≥25项", 10])
    ws.append([None, "质量指标", "项目验收通过率", "≥90%", 10])
    ws.append(["效益指标", "经济效益指标", "带动企业研发投入", "≥3亿元", 15])
    ws.append([None, "满意度指标", "服务对象满意度", "≥95%", 5])
    ws.merge_cells("A3:A5")
    ws.merge_cells("B3:B4")
    ws.merge_cells("A6:A7")
    return xlsx(wb), "科技创新专项资金绩效目标表.xlsx"


LAYOUTS = [
    Layout(
        "indicator_table_units_in_cells",
        indicator_table_units_in_cells,
        expect(
            targets=[
                target("研发经费投入", 85, "亿元"),
                target("科技型中小企业", 1.2, "万家"),
                target("高新技术产业产值", 50, "%"),
                target("落地率", 95, "%", ">="),
                target("科技特派员服务企业", 20, "家次", ">="),
                target("发明专利拥有量", 12.5, "件"),
            ],
            tasks=[
                task("全社会研发经费投入", "高新技术科"),
                task("科技型中小企业入库数量", "高新技术科"),
                task("高新技术产业产值", "高新技术科"),
                task("科技成果转化项目落地率", "成果转化科"),
                task("科技特派员服务企业", "农村科技科"),
                task("发明专利拥有量", "政策法规科"),
            ],
            new_departments=[],
        ),
        (
            "header:2024年目标值",
            "no-task:indicator-table",
            "hidden-rows",
            "hidden-columns",
            "format:percent",
            "value-with-unit",
            "value-with-comparator",
            "open-measure-words",
        ),
    ),
    Layout(
        "responsibility_book",
        responsibility_book,
        expect(
            targets=[
                target("高新技术企业", 60, "家", score=15),
                target("科技型中小企业", 1500, "家", ">=", score=10),
                target("技术合同成交额", 85, "亿元", score=15),
                target("科普讲座", 12, "场", ">=", score=5),
            ],
            tasks=[
                task("高新技术企业培育", "高新技术科"),
                task("科技型中小企业评价", "高新技术科"),
                task("技术合同登记", "成果转化科"),
                task("科研安全管理", "办公室"),
                task("科学普及", "社会发展科"),
            ],
            new_departments=[],
        ),
        ("header:考核内容", "no-task:responsibility-book", "footer:加分项", "footer:签字"),
    ),
    Layout(
        "assessment_indicators_open_measures",
        assessment_indicators_open_measures,
        expect(
            targets=[
                target("科技特派员服务时间", 120, "人年", ">="),
                target("新品种新技术面积", 5, "万亩"),
                target("实用技术培训", 3000, "人次", ">="),
                target("服务科技型企业", 200, "家次", ">="),
                target("发明专利授权量", 850, "件"),
            ],
            tasks=[
                task("科技特派员服务时间", "农村科技科", deadline="2024-12-31", deadline_text="第四季度"),
                task(
                    "推广农业新品种", "农村科技科", co=["成果转化科"], deadline="2024-10-31", deadline_text="2024年10月"
                ),
                task(
                    "农村实用技术培训",
                    "农村科技科",
                    co=["社会发展科"],
                    deadline="2024-11-30",
                    deadline_text="2024年11月",
                ),
                task("服务科技型企业", "高新技术科", deadline="2024-12-31", deadline_text="2024年12月"),
                task("发明专利授权量", "政策法规科", deadline="2024-12-31", deadline_text="2024年12月"),
            ],
            new_departments=[],
        ),
        ("header:考核指标", "open-measure-words", "no-task:indicator-table", "text-dates"),
    ),
    Layout(
        "performance_goal_table",
        performance_goal_table,
        expect(
            targets=[
                target("科技计划项目数量", 40, "项", ">=", score=10),
                target("科技成果评价", 25, "项", ">=", score=10),
                target("验收通过率", 90, "%", ">=", score=10),
                target("企业研发投入", 3, "亿元", ">=", score=15),
                target("满意度", 95, "%", ">=", score=5),
            ],
            tasks=[
                task("支持科技计划项目数量", ""),
                task("组织科技成果评价", ""),
                task("项目验收通过率", ""),
                task("带动企业研发投入", ""),
                task("服务对象满意度", ""),
            ],
        ),
        ("value-with-unit", "value-with-comparator", "no-task:indicator-table"),
    ),
]
