from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class ImportProblem:
    """One problem with an input, said where it is: sheet, row, column (1-based, as Excel
    shows them; empty where they do not apply) and what it is, in Chinese."""

    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""

    def as_dict(self) -> dict:
        return asdict(self)

    def __str__(self):
        where = []
        if self.sheet:
            where.append(f"工作表“{self.sheet}”")
        if self.row:
            where.append(f"第 {self.row} 行")
        if self.column:
            where.append(f"“{self.column}”列")
        return ("，".join(where) + "：" if where else "") + self.message


class WorkbookRefused(Exception):
    """The file cannot be read as a workbook at all; nothing was read from it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.problem = ImportProblem(message)
