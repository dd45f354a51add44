"""The 填报表's columns: one list, read by the writer and the reader alike."""

TARGET_ID = "指标编号"
PLAN = "计划"
TASK = "任务"
METRIC = "指标"
GOAL = "目标"
UNIT = "单位"
CURRENT = "当前值"
CURRENT_AS_OF = "当前值截至"
VALUE = "本期累计值"
AS_OF = "截至日期"
NOTE = "说明"
VERSION = "版本"

# (header, width, filled in by the officer)
COLUMNS = [
    (TARGET_ID, 9, False),
    (PLAN, 24, False),
    (TASK, 36, False),
    (METRIC, 24, False),
    (GOAL, 12, False),
    (UNIT, 7, False),
    (CURRENT, 10, False),
    (CURRENT_AS_OF, 12, False),
    (VALUE, 13, True),
    (AS_OF, 13, True),
    (NOTE, 40, True),
    (VERSION, 4, False),
]
HEADERS = [name for name, _w, _f in COLUMNS]
SHEET_TITLE = "填报表"
