"""Inserting many new rows, with their change history, without building ORM statements row by
row: COPY on PostgreSQL, one executemany elsewhere. Values go through each field's own
`get_db_prep_save`, so they are stored exactly as `save()` would store them.

Primary keys are reserved first (from the sequence on PostgreSQL; on SQLite past the current
maximum, safe because imports hold the write lock) and set on the objects, so rows that refer
to them (targets to their task) can be written in the same way.
"""

from django.db import connections, router
from django.utils import timezone


def insert_new(model, objects: list, *, actor=None, history: bool = True) -> None:
    if not objects:
        return
    connection = connections[router.db_for_write(model)]
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    ids = _reserve_ids(connection, meta.db_table, meta.pk.column, len(objects))
    rows = []
    for obj, pk in zip(objects, ids):
        obj.pk = pk
        values = [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
        rows.append([pk, *values])
        obj._state.adding = False
        obj._state.db = connection.alias
    _write(connection, meta.db_table, [meta.pk.column] + [f.column for f in fields], rows)
    if history and hasattr(model, "history"):
        historical = model.history.model
        now = timezone.now()
        extra = ["history_date", "history_change_reason", "history_type", "history_user_id"]
        history_rows = [
            row + [historical._meta.get_field("history_date").get_db_prep_save(now, connection), None, "+",
                   actor.pk if actor else None]
            for row in rows
        ]
        columns = [historical._meta.get_field(meta.pk.attname).column] + [f.column for f in fields] + extra
        _write(connection, historical._meta.db_table, columns, history_rows)


def _reserve_ids(connection, table: str, column: str, count: int) -> list[int]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, column, count]
            )
            return [row[0] for row in cursor.fetchall()]
        quote = connection.ops.quote_name
        cursor.execute(f"SELECT COALESCE(MAX({quote(column)}), 0) FROM {quote(table)}")
        start = cursor.fetchone()[0]
        return list(range(start + 1, start + count + 1))


def _write(connection, table: str, columns: list[str], rows: list[list]) -> None:
    quote = connection.ops.quote_name
    column_list = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {quote(table)} ({column_list}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(columns))
        for start in range(0, len(rows), 500):
            cursor.executemany(
                f"INSERT INTO {quote(table)} ({column_list}) VALUES ({placeholders})", rows[start : start + 500]
            )


def insert_links(through, left: str, right: str, pairs: list[tuple[int, int]]) -> None:
    """Rows of a many-to-many table, straight from id pairs."""
    if not pairs:
        return
    connection = connections[router.db_for_write(through)]
    meta = through._meta
    ids = _reserve_ids(connection, meta.db_table, meta.pk.column, len(pairs))
    columns = [meta.pk.column, meta.get_field(left).column, meta.get_field(right).column]
    _write(connection, meta.db_table, columns, [[pk, a, b] for pk, (a, b) in zip(ids, pairs)])
