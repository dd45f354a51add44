"""Reads an uploaded 填报表 and checks each filled row with the report form's own rules
(targets.forms.ProgressReportForm: kind, period, future dates), the form's fingerprint
(a target changed since the download is flagged, as the form flags a stale page), and the
user's scope (a row naming a target the user does not report on is refused, by row). Writes
nothing."""

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from io import BytesIO

from access import scoping
from plans.problems import ImportProblem, WorkbookRefused
from targets.forms import ProgressReportForm

from ..reader import cell_text, read_workbook
from .columns import AS_OF, HEADERS, NOTE, TARGET_ID, VALUE, VERSION

FIELD_COLUMNS = {"value": VALUE, "as_of": AS_OF, "note": NOTE}


@dataclass
class PreviewRow:
    row: int  # as Excel numbers it
    target_id: int
    metric: str
    unit: str
    current: str
    value: str  # as the form cleaned it
    as_of: str
    note: str
    version: str  # the fingerprint the confirmation will check against
    key: str  # the report's one-time submission key
    warnings: list[str] = field(default_factory=list)


@dataclass
class ProgressPreview:
    rows: list[PreviewRow] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    skipped: int = 0  # rows left empty

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)

    @property
    def needs_confirmation(self) -> bool:
        return any(row.warnings for row in self.rows)

    def stored(self) -> list[dict]:
        return [asdict(row) for row in self.rows]


def _text(value) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return cell_text(value)


def _header(rows) -> tuple[int, dict[str, int]] | None:
    for index, cells in enumerate(rows[:20]):
        texts = [_text(c) for c in cells]
        if TARGET_ID in texts and VALUE in texts:
            return index, {name: texts.index(name) for name in HEADERS if name in texts}
    return None


def _hidden_versions(data: bytes, grid, header_row: int) -> dict[int, str]:
    """The sheet's fingerprints by row index, when the 版本 column is hidden, as the download
    writes it. The workbook reader leaves hidden columns empty (a plan's hidden columns are
    not read), so the one hidden column this sheet needs is read from the file itself."""
    if not grid.hidden_columns:
        return {}
    from python_calamine import CalamineWorkbook  # as the reader does

    sheet = CalamineWorkbook.from_filelike(BytesIO(data)).get_sheet_by_name(grid.name)
    top, left = sheet.start or (0, 0)
    rows = sheet.to_python(skip_empty_area=False)

    def raw(index, column):
        r, c = index - top, column - left
        return cell_text(rows[r][c]) if 0 <= r < len(rows) and 0 <= c < len(rows[r]) else ""

    column = next((c for c in sorted(grid.hidden_columns) if raw(header_row, c) == VERSION), None)
    if column is None:
        return {}
    return {index: raw(index, column) for index in range(header_row + 1, top + len(rows))}


def progress_preview(*, actor, data: bytes, name: str) -> ProgressPreview:
    preview = ProgressPreview()
    try:
        grids, problems = read_workbook(data, name)
    except WorkbookRefused as refused:
        preview.problems.append(refused.problem)
        return preview
    preview.problems.extend(problems)
    found = next(((grid, h) for grid in grids if (h := _header(grid.rows))), None)
    if found is None:
        preview.problems.append(
            ImportProblem(f"没有找到表头（应有“{TARGET_ID}”和“{VALUE}”两列）。请使用本系统下载的填报表。")
        )
        return preview
    grid, (header_row, columns) = found
    missing = [c for c in (TARGET_ID, VALUE, AS_OF) if c not in columns]
    if missing:
        preview.problems.append(ImportProblem(f"缺少“{'”“'.join(missing)}”列。", sheet=grid.name, row=header_row + 1))
        return preview

    def cell(cells, column):
        index = columns.get(column)
        return _text(cells[index]) if index is not None and index < len(cells) else ""

    hidden_versions = _hidden_versions(data, grid, header_row) if VERSION not in columns else {}
    filled = []
    for index in range(header_row + 1, len(grid.rows)):
        cells = grid.rows[index]
        row = index + 1
        target_text, value, as_of, note = (cell(cells, c) for c in (TARGET_ID, VALUE, AS_OF, NOTE))
        if not (value or as_of or note):
            if target_text:
                preview.skipped += 1
            continue
        if not target_text.isdigit():
            preview.problems.append(
                ImportProblem(f"指标编号“{target_text}”无效。", sheet=grid.name, row=row, column=TARGET_ID)
            )
            continue
        version = hidden_versions.get(index) or cell(cells, VERSION)
        filled.append((row, int(target_text), value, as_of, note, version))

    reportable = {
        t.pk: t
        for t in scoping.targets_reportable_by(actor).filter(pk__in=[f[1] for f in filled]).select_related("task__plan")
    }
    seen: dict[int, int] = {}
    for row, target_id, value, as_of, note, version in filled:
        target = reportable.get(target_id)
        if target is None:
            preview.problems.append(
                ImportProblem(
                    f"指标编号 {target_id} 不是您可以填报的指标，这一行不能导入。",
                    sheet=grid.name,
                    row=row,
                    column=TARGET_ID,
                )
            )
            continue
        if target_id in seen:
            preview.problems.append(
                ImportProblem(
                    f"指标编号 {target_id} 在第 {seen[target_id]} 行已经出现，一次只能填报一条。",
                    sheet=grid.name,
                    row=row,
                    column=TARGET_ID,
                )
            )
            continue
        seen[target_id] = row
        # The form's rules, as the form itself would apply them to this row posted now. The
        # form asks every post for the fingerprint it was shown and a one-time key: the
        # preview's are the target's fingerprint as it is now (the confirmation stores
        # nothing if it changes again; the sheet's own fingerprint is checked below) and a
        # key of this row's own, kept with the pending preview, so a second confirmation
        # stores nothing. A value the form asks about (falling, or over twice the target) is
        # confirmed at the confirmation step by the tick that every warned row needs, and,
        # as on the form, needs its reason in 说明.
        current_version, key = ProgressReportForm.fresh_keys(target)
        form = ProgressReportForm(
            {
                "value": value,
                "as_of": as_of,
                "note": note,
                "version": current_version,
                "submission": key,
                "confirmed": "on",
            },
            target=target,
        )
        if not form.is_valid():
            for field_name, messages in form.errors.items():
                for message in messages:
                    preview.problems.append(
                        ImportProblem(message, sheet=grid.name, row=row, column=FIELD_COLUMNS.get(field_name, ""))
                    )
            continue
        warnings = []
        if version and version != current_version:
            warnings.append("您下载填报表之后，这个指标已有新的填报或改动；请核对当前值后再确认。")
        if not version:
            warnings.append("这一行没有版本标记（不是从本系统下载的填报表？），无法判断指标是否已有改动。")
        cleaned = form.cleaned_data["value"]
        warnings.extend(str(warning) for warning in form.warnings)
        if (
            not form.warnings  # the form's own question about a fall says it already
            and target.current_value is not None
            and cleaned < target.current_value
            and target.comparator != "lte"
        ):
            current = target.current_value.normalize()
            warnings.append(f"本期累计值 {cleaned.normalize():f} 低于当前值 {current:f}（累计值一般不会下降）。")
        unit = target.unit if target.value is not None else "%"
        preview.rows.append(
            PreviewRow(
                row=row,
                target_id=target.pk,
                metric=target.metric,
                unit=unit,
                current="" if target.current_value is None else f"{target.current_value.normalize():f}",
                value=f"{cleaned.normalize():f}",
                as_of=form.cleaned_data["as_of"].isoformat(),
                note=form.cleaned_data["note"],
                version=current_version,
                key=key,
                warnings=warnings,
            )
        )
    if not filled and not preview.problems:
        preview.problems.append(
            ImportProblem("没有填写任何一行：请在“本期累计值”和“截至日期”两列填写后再上传。", sheet=grid.name)
        )
    return preview
