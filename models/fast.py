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
rows come back as model instances. Nothing here decides anything; the
services do.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar

from peewee import Field, Model, PostgresqlDatabase

from models import batch as batching
from models.db import database

M = TypeVar("M", bound=Model)

_sql: dict[tuple[Any, ...], tuple[str, tuple[Field, ...]]] = {}


def _db() -> Any:
    db = database.obj
    if db is None:
        raise RuntimeError("no book is open")
    return db


def _pk(model: type[Model]) -> Field:
    pk: Field = model._meta.primary_key  # type: ignore[attr-defined,assignment]
    return pk


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


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


def _full_insert_sql(model: type[Model]) -> tuple[str, tuple[Field, ...]]:
    """INSERT naming every column, the id too: one statement per table for a batch."""
    key = ("insert all", model)
    hit = _sql.get(key)
    if hit is None:
        meta = model._meta  # type: ignore[attr-defined]
        fields = tuple(meta.sorted_fields)
        cols = ", ".join(_q(f.column_name) for f in fields)
        marks = ", ".join(["?"] * len(fields))
        hit = _sql[key] = (f"INSERT INTO {_q(meta.table_name)} ({cols}) VALUES ({marks})", fields)
    return hit


def _queue(b: batching.Batch, model: type[Model], values: Mapping[str, Any]) -> int:
    row_id = b.take_id(model)
    sql, fields = _full_insert_sql(model)
    params = []
    for f in fields:
        if f.primary_key:
            params.append(row_id)
            continue
        if f.name in values:
            v = values[f.name]
        elif f.default is not None:
            v = f.default() if callable(f.default) else f.default
        else:
            v = None
        params.append(f.db_value(v))
    b.queue(model, sql, params)
    return row_id


def batch() -> Any:
    """Batch the inserts made here until the next read (models/batch.py); SQLite only."""
    return batching.batch(_db())


def insert(model: type[Model], **values: Any) -> int:
    """INSERT one row (as `model.insert(**values).execute()`); returns its id."""
    b = batching.active(_db())
    if b is not None:
        return _queue(b, model, values)
    sql, fields = _insert_sql(model, tuple(values))
    cursor = _db().execute_sql(sql, _params(fields, values))
    if isinstance(_db(), PostgresqlDatabase):
        return int(cursor.fetchone()[0])
    return int(cursor.lastrowid)


def create(model: type[M], **values: Any) -> M:
    """As `model.create(**values)`: the row inserted and returned as an instance."""
    meta = model._meta  # type: ignore[attr-defined]
    row_id = insert(model, **values)
    full = {}
    for f in meta.sorted_fields:
        if f.primary_key:
            continue
        if f.name in values:
            full[f.name] = values[f.name]
        elif f.default is not None:
            full[f.name] = f.default() if callable(f.default) else f.default
    obj = model(**full)
    setattr(obj, _pk(model).name, row_id)
    obj._dirty.clear()  # type: ignore[attr-defined]
    return obj


def insert_many(model: type[Model], rows: Iterable[Mapping[str, Any]]) -> None:
    """INSERT rows that all name the same columns, in one executemany."""
    rows = list(rows)
    if not rows:
        return
    b = batching.active(_db())
    if b is not None:
        for r in rows:
            _queue(b, model, r)
        return
    sql, fields = _insert_sql(model, tuple(rows[0]))
    if isinstance(_db(), PostgresqlDatabase):
        sql = sql[: sql.rindex(" RETURNING ")]
    cursor = _db().cursor()
    cursor.executemany(sql, [_params(fields, r) for r in rows])


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
    row = db.execute_sql(sql, [field.db_value(value)]).fetchone()
    if row is None:
        return None
    obj = model(**{f.name: f.python_value(v) for f, v in zip(fields, row, strict=True)})
    obj._dirty.clear()  # type: ignore[attr-defined]
    return obj


def update(model: type[Model], row_id: int, **values: Any) -> int:
    """UPDATE one row's columns by id; returns the number of rows changed."""
    db = _db()
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


class HeldCounter:
    """A numbering series' value held by a batch, written when the batch sends its rows."""

    __slots__ = ("_batch", "name", "value")

    def __init__(self, b: batching.Batch, name: str) -> None:
        self._batch = b
        self.name = name
        self.value: int = b.value(("counter", name), self._load)

    def _load(self) -> int:
        row = execute('SELECT "value" FROM "counter" WHERE "name" = {p}', [self.name]).fetchone()
        return 0 if row is None else int(row[0])

    def _write(self, value: int) -> None:
        execute(
            'INSERT INTO "counter" ("name", "value") VALUES ({p}, {p}) '
            'ON CONFLICT ("name") DO UPDATE SET "value" = excluded."value"',
            [self.name, value],
        )

    def hold(self, value: int) -> None:
        self.value = value
        self._batch.hold(("counter", self.name), value, self._write)


def held_counter(name: str) -> HeldCounter | None:
    """Inside a batch, the series `name` held in memory; else None (write it at once)."""
    b = batching.active(_db())
    return None if b is None else HeldCounter(b, name)
