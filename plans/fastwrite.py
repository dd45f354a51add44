"""Inserting many new rows, with their change history, without building ORM statements row by
row: COPY on PostgreSQL, one executemany elsewhere. Values are stored exactly as `save()`
would store them: through each field's own `get_db_prep_save`, except on PostgreSQL for the
types that conversion leaves as they are.

Primary keys are reserved first (from the sequence on PostgreSQL; on SQLite past the current
maximum, safe because imports hold the write lock) and set on the objects, so rows that refer
to them (targets to their task) can be written in the same way.
"""

from django.db import connections, router
from django.utils import timezone

# Field types psycopg adapts by itself, exactly as Django's get_db_prep_save would on
# PostgreSQL (there those conversions are the identity for values of the right type).
NATIVE_ON_POSTGRESQL = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "DateField",
    "DateTimeField",
    "DecimalField",
    "ForeignKey",
    "IntegerField",
    "OneToOneField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SmallIntegerField",
    "TextField",
}


def insert_rows(model, rows: list[dict], *, actor=None, history: bool = True) -> list[int]:
    """Writes new rows given as {attname: value} (fields left out take their default) with
    their change history, and returns their primary keys in order. No model instances are
    built: that, not the database, is where most of the time of a big import went."""
    if not rows:
        return []
    connection = connections[router.db_for_write(model)]
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    defaults = {
        f.attname: now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) else f.get_default()
        for f in fields
    }
    native = connection.vendor == "postgresql"
    prepare = [
        None
        if native and f.get_internal_type() in NATIVE_ON_POSTGRESQL
        else (lambda v, f=f: f.get_db_prep_save(v, connection))
        for f in fields
    ]
    ids = _reserve_ids(connection, meta.db_table, meta.pk.column, len(rows))
    written = []
    for pk, row in zip(ids, rows):
        values = [row.get(f.attname, defaults[f.attname]) for f in fields]
        written.append([pk, *(v if p is None else p(v) for v, p in zip(values, prepare))])
    _write(connection, meta.db_table, [meta.pk.column] + [f.column for f in fields], written)
    if history and hasattr(model, "history"):
        historical = model.history.model
        # The history keeps every field but those the model leaves out of it.
        kept = [0] + [i + 1 for i, f in enumerate(fields) if _has_field(historical, f.attname)]
        stamp = historical._meta.get_field("history_date").get_db_prep_save(now, connection)
        extra = [stamp, None, "+", actor.pk if actor else None]
        columns = [([meta.pk] + fields)[i].column for i in kept]
        columns += ["history_date", "history_change_reason", "history_type", "history_user_id"]
        _write(connection, historical._meta.db_table, columns, [[row[i] for i in kept] + extra for row in written])
    return ids


def _has_field(model, attname: str) -> bool:
    return any(f.attname == attname for f in model._meta.concrete_fields)


def insert_new(model, objects: list, *, actor=None, history: bool = True) -> None:
    """The same for model instances, which then carry their new primary keys."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    rows = [{f.attname: f.pre_save(obj, True) for f in fields} for obj in objects]
    for obj, pk in zip(objects, insert_rows(model, rows, actor=actor, history=history)):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = router.db_for_write(model)


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
