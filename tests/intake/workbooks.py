"""Workbooks written with openpyxl, laid out the ways bureaus lay them out."""

import io
import zipfile

from openpyxl import Workbook


def save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def two_row_header_workbook() -> bytes:
    """Title, subtitle, a two-row merged header, a task merged over two measure rows, a 注 row."""
    wb = Workbook()
    ws = wb.active
    ws.title = "重点工作"
    ws.append(["某县科学技术局2025年度重点工作任务分解表"])
    ws.merge_cells("A1:H1")
    ws.append(["填报单位：某县科学技术局"])
    ws.append(["序号", "重点任务", "具体措施", "工作目标", "责任分工", None, "时间节点", "备注"])
    ws.append([None, None, None, None, "牵头部门", "分管领导", None, None])
    for cell in ("A3:A4", "B3:B4", "C3:C4", "D3:D4", "E3:F3", "G3:G4", "H3:H4"):
        ws.merge_cells(cell)
    ws.append(
        [
            "一",
            "培育科技企业",
            "开展企业走访",
            "力争新增高新技术企业二十家",
            "创新股、办公室",
            "张三",
            "2025年12月底",
            None,
        ]
    )
    ws.append([None, None, "组织政策宣讲", "全年宣讲不少于６场", "创新股", "张三", "长期", None])
    ws.merge_cells("A5:A6")
    ws.merge_cells("B5:B6")
    ws.append(["二", "推动成果转化", "技术合同登记", "技术合同成交额达到1,500万元", "成果股", "李四", None, None])
    ws.append(["合计", None, None, None, None, None, None, None])
    ws.append(["注：本表由办公室汇总。"])
    ws.merge_cells("A9:H9")
    notes = wb.create_sheet("填表说明")
    notes.append(["这里是说明，不是任务"])
    return save(wb)


def value_columns_workbook(rows=None, extra_header=None) -> bytes:
    """One-row header, columns in an unusual order, value and unit columns, section rows."""
    wb = Workbook()
    ws = wb.active
    ws.title = "任务表"
    ws.append(["2025年度科技工作任务表"])
    ws.append(["计量单位", "指标值", "指标名称", "序号", "工作任务", "责任单位", "完成时间"] + (extra_header or []))
    for row in rows or [
        [None, None, None, "一", "平台建设", None, None],
        ["家", "不少于3", "新建创新平台", 1, "建设创新平台", "高新科", "2025-11-30"],
        ["%", "≤2.5", "能耗下降", 2, "绿色发展", "高新科", "2025年12月"],
        [None, None, None, "二", "成果转化", None, None],
        ["项", "８", "登记科技成果", 3, "成果登记", "成果科、高新科", "长期"],
    ]:
        ws.append(rows and row or row)
    return save(wb)


def zip_with(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def rewrite(data: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    """The same workbook with some parts replaced or added."""
    source = zipfile.ZipFile(io.BytesIO(data))
    parts = {info.filename: source.read(info.filename) for info in source.infolist()}
    parts.update(replace or {})
    parts.update(add or {})
    return zip_with(parts)
