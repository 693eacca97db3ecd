"""Many rows at once through `models.fast`: reading by a unique column, one
statement run for many rows, rows changed where they wait in a batch (the
services' many-at-once forms: settle_many, save_guarded_many)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar

from peewee import Field, Model, PostgresqlDatabase

from models import batch as batching
from models.db import LostRace
from models.fast import _db, instance
from models.fast_rows import _loaded, _made, _q, _shape

M = TypeVar("M", bound=Model)
E = TypeVar("E", bound=Mapping[str, Any])


def get_many_by(
    model: type[M], field: Field, values: Iterable[Any], committed: Any = None
) -> dict[Any, M]:
    """`get_by` of many values of a unique field at once: the rows found, by value
    (as the field stores it). Queued rows from the queue, the others in one
    SELECT ... IN per 500 values. `committed`: a connection reading the book as
    last committed (models/db.py `committed_reader`), asked instead, for rows the
    caller knows this transaction has not changed."""
    db = _db()
    meta = model._meta  # type: ignore[attr-defined]
    fields = tuple(meta.sorted_fields)
    wanted = list(dict.fromkeys(field.db_value(v) for v in values))
    found: dict[Any, M] = {}
    b = batching.active(db)
    if b is not None:
        shape = _shape(model)
        at = shape.pos[field.name]
        for value in wanted:
            queued = b.queued_with(shape.table, at, value)
            if queued:
                found[value] = _loaded(model, fields, queued[0])
        wanted = [v for v in wanted if v not in found]
    cols = ", ".join(_q(f.column_name) for f in fields)
    for start in range(0, len(wanted), 500):
        part = wanted[start : start + 500]
        marks = ", ".join([db.param] * len(part))
        sql = f"SELECT {cols} FROM {_q(meta.table_name)} WHERE {_q(field.column_name)} IN ({marks})"
        if committed is not None:
            rows = committed.execute(sql, part).fetchall()
        elif b is not None:
            with b.quiet():  # a unique value is queued or stored, never both
                rows = db.execute_sql(sql, part).fetchall()
        else:
            rows = db.execute_sql(sql, part).fetchall()
        at_field = _shape(model).pos[field.name]  # not fields.index: a Field's == builds SQL
        for row in rows:
            found[row[at_field]] = _loaded(model, fields, row)
    return found


def loaded(model: type[M], rows: Iterable[Sequence[Any]]) -> list[M]:
    """Whole rows as stored (every column, in the model's order), read elsewhere,
    as instances (what `get_many_by` makes of the rows it reads)."""
    fields = tuple(model._meta.sorted_fields)  # type: ignore[attr-defined]
    return [_loaded(model, fields, row) for row in rows]


def execute_many(sql: str, rows: Sequence[Sequence[Any]]) -> int:
    """Run one hand-written statement for each of `rows` (`{p}` as in `execute`);
    returns the number of rows changed in all. What waits in a batch is sent first,
    as for any statement."""
    if not rows:
        return 0
    db = _db()
    sql = sql.replace("{p}", db.param)
    if isinstance(db, PostgresqlDatabase):
        return sum(int(db.execute_sql(sql, list(r)).rowcount) for r in rows)
    b = batching.active(db)
    if b is not None:
        b.before(sql)
        if b.writer is not None and sql.lstrip()[:7].upper() == "UPDATE ":
            # Run by the batch's writer thread, in order; a row it does not change
            # raises LostRace at the next statement (models/batch_writer.py).
            if b.committed is not None:
                b.committed.check(sql)
            b.writer.update(sql, rows)
            return len(rows)
    cursor = db.cursor()
    cursor.executemany(sql, rows)
    return int(cursor.rowcount)


def instances(
    model: type[M], names: tuple[str, ...], rows: Sequence[Sequence[Any]], ids: Sequence[int]
) -> list[M]:
    """Rows just inserted by `insert_rows`, as instances (as `instance` makes each)."""
    shape = _shape(model)
    if shape.callables:
        return [
            instance(model, row_id, dict(zip(names, row, strict=True)))
            for row, row_id in zip(rows, ids, strict=True)
        ]
    # Values as stored (foreign keys as ids) and constant defaults: each
    # instance's data is the defaults with the row's values over them.
    keys = tuple(shape.id_names.get(n, n) for n in names) + (shape.pk_name,)
    defaults = shape.defaults
    out = []
    for row, row_id in zip(rows, ids, strict=True):
        data = defaults.copy()
        data.update(zip(keys, (*row, row_id), strict=True))
        out.append(_made(model, data, {}))
    return out


def save_queued_many(b: batching.Batch, rows: Iterable[tuple[Model, E]]) -> list[tuple[Model, E]]:
    """`update_queued` of each row's fields set since it was read (its dirty ones), in
    order, for the rows (an instance, the values it held when read) that wait in batch
    `b`: changed there, their fields then clean. Returns the rows left as they were (not
    queued, or nothing set); `LostRace` when a queued row no longer holds its values."""
    left: list[tuple[Model, E]] = []
    queued_row, change = b.queued, b.change
    shapes: dict[type[Model], Any] = {}
    for obj, expected in rows:
        model = type(obj)
        shape = shapes.get(model)
        if shape is None:
            shape = shapes[model] = _shape(model)
        data = obj.__data__  # type: ignore[attr-defined]
        queued = queued_row(shape.table, data.get(shape.pk_name))
        if queued is None:
            left.append((obj, expected))
            continue
        names = sorted(obj._dirty)  # type: ignore[attr-defined]
        if shape.pk_name in names:
            names.remove(shape.pk_name)
        if not names:
            left.append((obj, expected))
            continue
        fields, pos, as_is = shape.fields, shape.pos, shape.as_is
        for name, value in expected.items():
            at = pos[name]
            if value is not None and type(value) is not as_is[at]:
                value = fields[at].db_value(value)
            if queued[at] != value:
                raise LostRace(
                    f"{shape.table} {data.get(shape.pk_name)} changed while this action ran"
                )
        for name in names:
            at = pos[name]
            value = data.get(name)
            if value is not None and type(value) is not as_is[at]:
                value = fields[at].db_value(value)
            change(shape.table, queued, at, value)
        obj._dirty.clear()  # type: ignore[attr-defined]
    return left
