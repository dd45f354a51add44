"""A target divided among counties and development zones, modelled on published
经济社会发展目标任务分解表 (a column per county and 功能区) and 目标分解表 (a row per county, by
division code or by name), and workbooks that keep a sheet per county with a 汇总 of formulas.

A city total split among counties is a quota each must reach: its comparator is ">=" unless
the workbook writes another (as for the sample in ../shared/samples)."""

from openpyxl import Workbook

from . import Layout, expect, target, task
from .writers import with_cached_values, xlsx

AREAS = ["泰山区", "岱岳区", "新泰市", "肥城市", "宁阳县", "东平县", "高新区", "经开区"]


def wide_split_county_columns() -> tuple[bytes, str]:
    """全市目标 beside a column per county, by name, and per development zone (高新区, 经开区:
    no division code), under a merged group header."""
    wb = Workbook()
    ws = wb.active
    ws.title = "指标分解"
    ws.append(["2024年科技创新主要指标分解表"])
    ws.merge_cells("A1:M1")
    ws.append(["序号", "指标名称", "单位", "全市目标", "各县（市、区）及功能区目标"] + [None] * 7 + ["牵头科室"])
    ws.append([None] * 4 + AREAS + [None])
    for column in "ABCDM":
        ws.merge_cells(f"{column}2:{column}3")
    ws.merge_cells("E2:L2")
    ws.append([1, "新增高新技术企业", "家", 120, 18, 20, 22, 20, 12, 10, 12, 6, "高新技术科"])
    ws.append([2, "科技型中小企业入库", "家", 1500, 230, 250, 280, 250, 150, 140, 130, 70, "高新技术科"])
    ws.append([3, "技术合同成交额", "亿元", 85, 12, 11, 13, 12, 8, 7, 15, 7, "成果转化科"])
    ws.append([4, "全社会研发经费投入", "亿元", 95.5, 14.2, 13.6, 16.8, 15.1, 8.4, 7.9, 13.5, 6.0, "高新技术科"])
    return xlsx(wb), "2024年科技创新主要指标分解表.xlsx"


def long_split_by_code() -> tuple[bytes, str]:
    """A row per county with its 6-digit division code; 年度目标 beside last year's result;
    the unit in the title; a 合计 row that adds up."""
    wb = Workbook()
    ws = wb.active
    ws.title = "入库目标分解"
    ws.append(["2024年度科技型中小企业入库目标分解表（单位：家）"])
    ws.merge_cells("A1:D1")
    ws.append(["区划代码", "县（市、区）", "2023年入库数", "年度目标"])
    for code, name, last, goal in [
        ("370902", "泰山区", 210, 230),
        ("370911", "岱岳区", 228, 250),
        ("370921", "宁阳县", 135, 150),
        ("370923", "东平县", 126, 140),
        ("370982", "新泰市", 255, 280),
        ("370983", "肥城市", 231, 250),
    ]:
        ws.append([code, name, last, goal])
    ws.append([None, "合计", 1185, 1300])
    return xlsx(wb), "科技型中小企业入库目标分解表.xlsx"


def long_split_by_name() -> tuple[bytes, str]:
    """Several targets stacked, each over a row per county by name (no code): 指标 and 单位
    merged down their rows, a 全市 row giving the total."""
    wb = Workbook()
    ws = wb.active
    ws.title = "分县区目标"
    ws.append(["2024年科技创新目标任务分县区分解"])
    ws.merge_cells("A1:D1")
    ws.append(["指标", "单位", "县（市、区）", "目标任务"])
    blocks = [
        (
            "新增高新技术企业",
            "家",
            [
                ("全市", 100),
                ("泰山区", 20),
                ("岱岳区", 18),
                ("新泰市", 22),
                ("肥城市", 20),
                ("宁阳县", 10),
                ("东平县", 10),
            ],
        ),
        (
            "新建市级以上研发平台",
            "个",
            [("全市", 40), ("泰山区", 8), ("岱岳区", 7), ("新泰市", 8), ("肥城市", 7), ("宁阳县", 5), ("东平县", 5)],
        ),
    ]
    for metric, unit, rows in blocks:
        first = ws.max_row + 1
        for index, (area, value) in enumerate(rows):
            ws.append([metric if index == 0 else None, unit if index == 0 else None, area, value])
        ws.merge_cells(f"A{first}:A{ws.max_row}")
        ws.merge_cells(f"B{first}:B{ws.max_row}")
    return xlsx(wb), "科技创新目标任务分县区分解.xlsx"


COUNTY_SHEETS = {
    "泰山区": [("新增高新技术企业", "家", 18), ("科技型中小企业入库", "家", 230), ("技术合同成交额", "亿元", 12)],
    "岱岳区": [("新增高新技术企业", "家", 20), ("科技型中小企业入库", "家", 250), ("技术合同成交额", "亿元", 11)],
    "新泰市": [("新增高新技术企业", "家", 22), ("科技型中小企业入库", "家", 280), ("技术合同成交额", "亿元", 13)],
}


def sheet_per_county_with_summary() -> tuple[bytes, str]:
    """A sheet per county (each its own indicator list) and a 汇总 sheet of formulas reading
    them (with the values Excel computed when it saved): 汇总 is skipped, not a plan."""
    wb = Workbook()
    summary = wb.active
    summary.title = "汇总"
    counties = list(COUNTY_SHEETS)
    summary.append(["2024年各县区科技创新目标汇总"])
    summary.append(["指标名称", "单位"] + counties + ["合计"])
    cached = {}
    for index, (metric, unit, _) in enumerate(COUNTY_SHEETS[counties[0]]):
        row = 3 + index
        cells = [f"='{county}'!D{3 + index}" for county in counties]
        summary.append([metric, unit, *cells, f"=SUM(C{row}:E{row})"])
        for column, county in zip("CDE", counties):
            cached[f"{column}{row}"] = COUNTY_SHEETS[county][index][2]
        cached[f"F{row}"] = sum(COUNTY_SHEETS[county][index][2] for county in counties)
    for county, rows in COUNTY_SHEETS.items():
        ws = wb.create_sheet(county)
        ws.append([f"{county}2024年科技创新目标任务"])
        ws.merge_cells("A1:D1")
        ws.append(["序号", "指标名称", "单位", "目标值"])
        for index, (metric, unit, value) in enumerate(rows, start=1):
            ws.append([index, metric, unit, value])
    return with_cached_values(xlsx(wb), 1, cached), "各县区科技创新目标.xlsx"


def _shares(values: list) -> dict:
    return dict(zip(AREAS, values))


LAYOUTS = [
    Layout(
        "wide_split_county_columns",
        wide_split_county_columns,
        expect(
            targets=[
                target("新增高新技术企业", 120, "家", ">=", split=_shares([18, 20, 22, 20, 12, 10, 12, 6])),
                target("科技型中小企业入库", 1500, "家", ">=", split=_shares([230, 250, 280, 250, 150, 140, 130, 70])),
                target("技术合同成交额", 85, "亿元", ">=", split=_shares([12, 11, 13, 12, 8, 7, 15, 7])),
                target(
                    "研发经费投入", 95.5, "亿元", ">=", split=_shares([14.2, 13.6, 16.8, 15.1, 8.4, 7.9, 13.5, 6.0])
                ),
            ],
            tasks=[
                task("新增高新技术企业", "高新技术科"),
                task("科技型中小企业入库", "高新技术科"),
                task("技术合同成交额", "成果转化科"),
                task("全社会研发经费投入", "高新技术科"),
            ],
            new_departments=[],
        ),
        ("split:wide-by-name", "split:zones-without-code", "header:全市目标"),
    ),
    Layout(
        "long_split_by_code",
        long_split_by_code,
        expect(
            targets=[
                target(
                    "科技型中小企业",
                    1300,
                    "家",
                    ">=",
                    split={
                        "泰山区": 230,
                        "岱岳区": 250,
                        "宁阳县": 150,
                        "东平县": 140,
                        "新泰市": 280,
                        "肥城市": 250,
                    },
                )
            ],
            tasks=[task("科技型中小企业")],
        ),
        ("split:long-by-code", "header:年度目标"),
    ),
    Layout(
        "long_split_by_name",
        long_split_by_name,
        expect(
            targets=[
                target(
                    "新增高新技术企业",
                    100,
                    "家",
                    ">=",
                    split={"泰山区": 20, "岱岳区": 18, "新泰市": 22, "肥城市": 20, "宁阳县": 10, "东平县": 10},
                ),
                target(
                    "研发平台",
                    40,
                    "个",
                    ">=",
                    split={"泰山区": 8, "岱岳区": 7, "新泰市": 8, "肥城市": 7, "宁阳县": 5, "东平县": 5},
                ),
            ],
            tasks=[task("新增高新技术企业"), task("研发平台")],
        ),
        ("split:long-by-name",),
    ),
    Layout(
        "sheet_per_county_with_summary",
        sheet_per_county_with_summary,
        expect(
            targets=[
                target(metric, value, unit, sheet=county)
                for county, rows in COUNTY_SHEETS.items()
                for metric, unit, value in rows
            ],
            tasks=[task(metric) for rows in COUNTY_SHEETS.values() for metric, _, _ in rows],
            skipped_sheets=("汇总",),
        ),
        ("sheet-per-county-with-summary",),
    ),
]
