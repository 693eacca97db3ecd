"""Statements built once, for the posting hot path.

peewee builds a statement's SQL afresh on every call; on this project's
2-core machines that costs 0.3–1 ms a statement, ten to fifty times what
SQLite takes to run it. A posting service runs the same few statements
(look a document up by its number, insert a row, update cached figures)
thousands of times in an import or a demo, so these helpers build each
statement's SQL once per (database kind, table, columns) and keep it.

They do exactly what the peewee call they stand for does: Python-side
defaults are filled in for columns not given, values go through each
field's `db_value` on the way in and `python_value` on the way out, and
rows come back as model instances (models/fast_rows.py writes the
per-table functions that make and read the rows). Nothing here decides
anything; the services do.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar

from peewee import Field, ForeignKeyField, Model, PostgresqlDatabase

from models import batch as batching
from models.db import database
from models.fast_rows import (
    _loaded,
    _loaders,
    _made,
    _makers,
    _pk,
    _q,
    _row_maker,
    _shape,
    _shapes,
)

M = TypeVar("M", bound=Model)

_sql: dict[tuple[Any, ...], tuple[str, tuple[Field, ...]]] = {}


def _db() -> Any:
    db = database.obj
    if db is None:
        raise RuntimeError("no book is open")
    return db


def _insert_sql(model: type[Model], names: tuple[str, ...]) -> tuple[str, tuple[Field, ...]]:
    db = _db()
    key = ("insert", type(db), model, names)
    hit = _sql.get(key)
    if hit is None:
        meta = model._meta  # type: ignore[attr-defined]
        given = [meta.fields[n] for n in names]
        defaults = [
            f
            for f in meta.sorted_fields
            if f.name not in names and f.default is not None and not f.primary_key
        ]
        fields = tuple(given + defaults)
        cols = ", ".join(_q(f.column_name) for f in fields)
        marks = ", ".join([db.param] * len(fields))
        sql = f"INSERT INTO {_q(meta.table_name)} ({cols}) VALUES ({marks})"
        if isinstance(db, PostgresqlDatabase):
            sql += f" RETURNING {_q(_pk(model).column_name)}"
        hit = _sql[key] = (sql, fields)
    return hit


def _params(fields: Sequence[Field], values: Mapping[str, Any]) -> list[Any]:
    out = []
    for f in fields:
        if f.name in values:
            v = values[f.name]
        else:
            v = f.default() if callable(f.default) else f.default
        out.append(f.db_value(v))
    return out


def _insert_data(model: type[Model], data: dict[str, Any]) -> int:
    """INSERT a row whose data is complete (defaults filled); returns its id."""
    db = _db()
    b = batching.active(db)
    if b is not None:
        shape = _shape(model)
        data[shape.pk_name] = row_id = b.take_id(model)
        b.queue(model, shape.sql, shape.params(data), row_id)
        return row_id
    sql, fields = _insert_sql(model, tuple(data))
    cursor = db.execute_sql(sql, _params(fields, data))
    if isinstance(db, PostgresqlDatabase):
        return int(cursor.fetchone()[0])
    return int(cursor.lastrowid)


def forget() -> None:
    """Drop every statement and row shape built so far (a model's fields changed:
    a test's throwaway migration)."""
    _sql.clear()
    _shapes.clear()
    _makers.clear()
    _loaders.clear()


def batch(threaded: bool = False, reader: Any = None, unchanged: tuple[str, ...] = ()) -> Any:
    """Batch the inserts made here until the next read (models/batch.py); SQLite only.
    `threaded`: their statements run on a thread of their own, and reads of the
    `unchanged` tables alone go to `reader` (models/batch_writer.py)."""
    return batching.batch(_db(), threaded, reader, unchanged)


def active_batch() -> batching.Batch | None:
    """The write batch of this connection, if one is open."""
    return batching.active(_db())


def insert(model: type[Model], **values: Any) -> int:
    """INSERT one row (as `model.insert(**values).execute()`); returns its id."""
    return _insert_data(model, _shape(model).data(values)[0])


def create(model: type[M], **values: Any) -> M:
    """As `model.create(**values)`: the row inserted and returned as an instance."""
    data, rel = _shape(model).data(values)
    data[_shape(model).pk_name] = _insert_data(model, data)
    return _made(model, data, rel)


def insert_many(model: type[Model], rows: Iterable[Mapping[str, Any]]) -> None:
    """INSERT rows that all name the same columns, in one executemany."""
    rows = list(rows)
    if not rows:
        return
    shape = _shape(model)
    if batching.active(_db()) is not None:
        for r in rows:
            _insert_data(model, shape.data(r)[0])
        return
    full = [shape.data(r)[0] for r in rows]
    sql, fields = _insert_sql(model, tuple(full[0]))
    if isinstance(_db(), PostgresqlDatabase):
        sql = sql[: sql.rindex(" RETURNING ")]
    cursor = _db().cursor()
    cursor.executemany(sql, [_params(fields, r) for r in full])


def instance(model: type[M], row_id: int, values: Mapping[str, Any]) -> M:
    """A row just inserted, as an instance (defaults filled in as `create` fills them)."""
    data, rel = _shape(model).data(values)
    data[_shape(model).pk_name] = row_id
    return _made(model, data, rel)


def insert_rows(
    model: type[Model], names: tuple[str, ...], rows: Iterable[Sequence[Any]]
) -> list[int]:
    """INSERT rows given as tuples of the columns `names`, in values as the
    book stores them (ints for money and foreign keys, dates, text); other
    columns take their defaults. Returns the new rows' ids, in order.

    In a batch the rows are queued (the same statement as `insert`'s);
    otherwise each goes in its own INSERT, whose id the database gives."""
    b = batching.active(_db())
    if b is None:
        return [insert(model, **dict(zip(names, row, strict=True))) for row in rows]
    rows = rows if isinstance(rows, list) else list(rows)
    make = _row_maker(model, names)
    ids = b.take_ids(model, len(rows))
    b.queue_many(model, _shape(model).sql, list(map(make, ids, rows)), ids)
    return ids


def get_by(model: type[M], field: Field, value: Any, *, keep: bool = False) -> M | None:
    """As `model.get_or_none(field == value)`, for a unique field.

    `keep`: inside a batch, the row is kept and given again to later calls
    until a statement writes its table (rows the caller never changes
    without saving: customers)."""
    db = _db()
    b = batching.active(db) if keep else None
    if b is not None:
        table = model._meta.table_name  # type: ignore[attr-defined]
        obj = b.cached(table, (field.name, value))
        if obj is None:
            obj = get_by(model, field, value)
            if obj is not None:
                b.keep(table, (field.name, value), obj)
        return obj  # type: ignore[no-any-return]
    key = ("get", type(db), model, field.name)
    hit = _sql.get(key)
    if hit is None:
        meta = model._meta  # type: ignore[attr-defined]
        fields = tuple(meta.sorted_fields)
        cols = ", ".join(_q(f.column_name) for f in fields)
        sql = f"SELECT {cols} FROM {_q(meta.table_name)} WHERE {_q(field.column_name)} = {db.param}"
        hit = _sql[key] = (sql, fields)
    sql, fields = hit
    b = batching.active(db)
    if b is not None and (field.primary_key or field.unique):
        # A unique value is either in a queued row or in the book: look in
        # the queue, then ask the book without sending the queue.
        shape = _shape(model)
        wanted = field.db_value(value)
        if field.primary_key:
            params = b.queued(shape.table, wanted)
        else:
            found = b.queued_with(shape.table, shape.pos[field.name], wanted)
            params = found[0] if found else None
        if params is not None:
            return _loaded(model, fields, params)
        with b.quiet():
            row = db.execute_sql(sql, [wanted]).fetchone()
    else:
        row = db.execute_sql(sql, [field.db_value(value)]).fetchone()
    return None if row is None else _loaded(model, fields, row)


def _where_sql(
    kind: str, model: type[Model], select: str, names: tuple[str, ...], order_by: tuple[str, ...]
) -> tuple[str, tuple[Field, ...]]:
    db = _db()
    key = (kind, type(db), model, select, names, order_by)
    hit = _sql.get(key)
    if hit is None:
        meta = model._meta  # type: ignore[attr-defined]
        fields = tuple(meta.fields[n] for n in names)
        where = " AND ".join(f"{_q(f.column_name)} = {db.param}" for f in fields) or "1 = 1"
        sql = f"SELECT {select} FROM {_q(meta.table_name)} WHERE {where}"
        if order_by:
            sql += " ORDER BY " + ", ".join(_q(meta.fields[n].column_name) for n in order_by)
        hit = _sql[key] = (sql, fields)
    return hit


def _queue_only(b: batching.Batch, fields: Sequence[Field], params: Sequence[Any]) -> bool:
    """Do the rows asked for all wait in the queue? They do when one of the
    conditions names a row that waits there itself: the book holds no row
    referring to it (the queue is sent whole before any other statement
    writes, so whatever refers to a waiting row was queued after it)."""
    for f, value in zip(fields, params, strict=True):
        if (
            isinstance(f, ForeignKeyField)
            and f.rel_field.primary_key
            and value is not None
            and b.queued(_shape(f.rel_model).table, value) is not None
        ):
            return True
    return False


def select_where(model: type[M], *, order_by: tuple[str, ...] = (), **equals: Any) -> list[M]:
    """As `list(model.select().where(a == x, b == y).order_by(...))`, columns by field name."""
    meta = model._meta  # type: ignore[attr-defined]
    shape = _shape(model)
    every = shape.every
    sql, fields = _where_sql("select", model, shape.cols, tuple(equals), order_by)
    params = [f.db_value(equals[f.name]) for f in fields]
    b = batching.active(_db())
    only = b is not None and _queue_only(b, fields, params)
    if b is None or not (only or b.queued_in(meta.table_name)):
        return [_loaded(model, every, row) for row in _db().execute_sql(sql, params).fetchall()]
    if only:
        rows: list[Any] = []
    else:
        with b.quiet():
            rows = _db().execute_sql(sql, params).fetchall()
    rows += _matching(b, model, fields, params)
    found = [_loaded(model, every, row) for row in rows]
    if order_by:  # as SQL orders them, NULL first (values compared as Python has them)
        found.sort(
            key=lambda obj: [
                (obj.__data__.get(n) is not None, obj.__data__.get(n)) for n in order_by
            ]
        )
    return found


def _matching(
    b: batching.Batch, model: type[Model], fields: Sequence[Field], params: Sequence[Any]
) -> list[list[Any]]:
    """The queued rows of `model` whose `fields` equal `params` (values as stored).

    The queue holds new rows only (an UPDATE or DELETE of a stored row
    sends it first), so these and what the book holds are the rows a
    statement would see once the queue is sent."""
    shape = _shape(model)
    at = [(shape.pos[f.name], v) for f, v in zip(fields, params, strict=True)]
    if not at:
        return list(b.queued_in(shape.table))
    first, rest = at[0], at[1:]
    return [p for p in b.queued_with(shape.table, *first) if all(p[i] == v for i, v in rest)]


def get_where(model: type[M], **equals: Any) -> M | None:
    """The first row (by id) whose columns equal the values given, or None."""
    rows = select_where(model, order_by=(_pk(model).name,), **equals)
    return rows[0] if rows else None


def total_where(model: type[Model], column: str, **equals: Any) -> int:
    """SUM of an integer column over the rows whose columns equal the values given (0 for none)."""
    name = model._meta.fields[column].column_name  # type: ignore[attr-defined]
    sql, fields = _where_sql("sum", model, f"COALESCE(SUM({_q(name)}), 0)", tuple(equals), ())
    params = [f.db_value(equals[f.name]) for f in fields]
    b = batching.active(_db())
    only = b is not None and _queue_only(b, fields, params)
    if b is None or not (only or b.queued_in(_shape(model).table)):
        return int(_db().execute_sql(sql, params).fetchone()[0])
    if only:
        total = 0
    else:
        with b.quiet():
            total = int(_db().execute_sql(sql, params).fetchone()[0])
    at = _shape(model).pos[column]
    return total + sum(row[at] or 0 for row in _matching(b, model, fields, params))


def count_where(model: type[Model], **equals: Any) -> int:
    """COUNT of the rows whose columns equal the values given."""
    sql, fields = _where_sql("count", model, "COUNT(*)", tuple(equals), ())
    params = [f.db_value(equals[f.name]) for f in fields]
    b = batching.active(_db())
    only = b is not None and _queue_only(b, fields, params)
    if b is None or not (only or b.queued_in(_shape(model).table)):
        return int(_db().execute_sql(sql, params).fetchone()[0])
    if only:
        count = 0
    else:
        with b.quiet():
            count = int(_db().execute_sql(sql, params).fetchone()[0])
    return count + len(_matching(b, model, fields, params))


def add_to(model: type[Model], row_id: int, column: str, amount: int) -> int:
    """UPDATE one row's integer column by `amount` (in the database, not read and written back)."""
    db = _db()
    b = batching.active(db)
    if b is not None:
        shape = _shape(model)
        queued = b.queued(shape.table, row_id)
        if queued is not None:
            at = shape.pos[column]
            b.change(shape.table, queued, at, queued[at] + amount)
            return 1
    key = ("add", type(db), model, column)
    hit = _sql.get(key)
    if hit is None:
        meta = model._meta  # type: ignore[attr-defined]
        col = _q(meta.fields[column].column_name)
        pk = _q(_pk(model).column_name)
        hit = _sql[key] = (
            f"UPDATE {_q(meta.table_name)} SET {col} = {col} + {db.param} WHERE {pk} = {db.param}",
            (),
        )
    return int(db.execute_sql(hit[0], [amount, row_id]).rowcount)


def update(model: type[Model], row_id: int, **values: Any) -> int:
    """UPDATE one row's columns by id; returns the number of rows changed."""
    db = _db()
    changed = update_queued(model, row_id, values)
    if changed is not None:
        return changed
    names = tuple(values)
    key = ("update", type(db), model, names)
    hit = _sql.get(key)
    meta = model._meta  # type: ignore[attr-defined]
    if hit is None:
        fields = tuple(meta.fields[n] for n in names)
        sets = ", ".join(f"{_q(f.column_name)} = {db.param}" for f in fields)
        pk = _q(_pk(model).column_name)
        hit = _sql[key] = (
            f"UPDATE {_q(meta.table_name)} SET {sets} WHERE {pk} = {db.param}",
            fields,
        )
    sql, fields = hit
    params = [f.db_value(values[f.name]) for f in fields] + [row_id]
    return int(db.execute_sql(sql, params).rowcount)


def update_queued(
    model: type[Model], row_id: int, values: Mapping[str, Any], expected: Mapping[str, Any] = {}
) -> int | None:
    """In a batch, UPDATE a row that still waits in the queue where it waits:
    1 if changed, 0 if its columns do not hold `expected`; None if it is not
    queued (the caller runs the statement)."""
    b = batching.active(_db())
    if b is None:
        return None
    shape = _shape(model)
    queued = b.queued(shape.table, row_id)
    if queued is None:
        return None
    fields, pos = shape.fields, shape.pos
    for name, value in expected.items():
        if queued[pos[name]] != fields[pos[name]].db_value(value):
            return 0
    for name, value in values.items():
        b.change(shape.table, queued, pos[name], fields[pos[name]].db_value(value))
    return 1


def get(model: type[M], row_id: int | None) -> M:
    """As `model.get_by_id(row_id)`: the row, which must exist."""
    obj = None if row_id is None else get_by(model, _pk(model), row_id)
    if obj is None:
        raise model.DoesNotExist(f"{model.__name__} {row_id}")  # type: ignore[attr-defined]
    return obj


def save(obj: Model) -> None:
    """As `obj.save()` on a stored row, writing only the fields that were set since."""
    dirty = obj._dirty  # type: ignore[attr-defined]
    if not dirty:
        return
    model = type(obj)
    meta = model._meta  # type: ignore[attr-defined]
    names = sorted(n for n in dirty if not meta.fields[n].primary_key)
    update(model, getattr(obj, _pk(model).name), **{n: getattr(obj, n) for n in names})
    dirty.clear()


def execute(sql: str, params: Sequence[Any] = ()) -> Any:
    """Run a hand-written statement; `{p}` stands for the database's parameter mark."""
    db = _db()
    return db.execute_sql(sql.replace("{p}", db.param), list(params))
