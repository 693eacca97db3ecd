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

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from peewee import (
    CharField,
    Field,
    ForeignKeyField,
    IntegerField,
    Model,
    PostgresqlDatabase,
    TextField,
)

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


class _Shape:
    """How a table's new rows are made: defaults, foreign keys, and (for a
    batch) one INSERT naming every column, the id too."""

    def __init__(self, model: type[Model]) -> None:
        meta = model._meta  # type: ignore[attr-defined]
        self.defaults: dict[str, Any] = dict(meta._default_by_name)  # type: ignore[attr-defined]
        self.callables: list[tuple[str, Any]] = list(meta._default_callable_list)  # type: ignore[attr-defined]
        fields = tuple(meta.sorted_fields)
        self.table: str = meta.table_name
        self.fields = fields
        self.pos = {f.name: i for i, f in enumerate(fields)}  # a column's place in a row's params
        self.fks = {f.name: f for f in fields if isinstance(f, ForeignKeyField)}
        self.id_names = {f.object_id_name: f.name for f in self.fks.values()}
        self.pk_name = _pk(model).name
        self.every = fields
        self.cols = cols = ", ".join(_q(f.column_name) for f in fields)
        marks = ", ".join(["?"] * len(fields))
        self.sql = f"INSERT INTO {_q(meta.table_name)} ({cols}) VALUES ({marks})"
        self.params = _params_maker(fields)

    def data(self, values: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        """A new instance's data and related objects, as peewee's `Model(**values)` makes them."""
        data = self.defaults.copy()
        for name, default in self.callables:
            data[name] = default()
        rel = {}
        fks = self.fks
        for name, v in values.items():
            if name in fks:
                if isinstance(v, Model):
                    rel[name] = v
                    v = getattr(v, fks[name].rel_field.name)
            elif name in self.id_names:
                name = self.id_names[name]
            data[name] = v
        return data, rel


def _params_maker(fields: Sequence[Field]) -> Callable[[Mapping[str, Any]], list[Any]]:
    """`params(data)`: a row's statement parameters, every column in order.

    Written out as one function per table (as dataclasses and namedtuple
    write theirs): a batch calls it for every row it queues, and a loop over
    the fields costs twice as much. A value of the type the column stores
    goes as it is; any other goes through the field's `db_value`."""
    items = [_converted(i, f, f"get({f.name!r})") for i, f in enumerate(fields)]
    body = "get = data.get\n    return [\n        " + ",\n        ".join(items) + ",\n    ]"
    return _written("params", "data", body, [f.db_value for f in fields])


def _converted(i: int, f: Field, source: str) -> str:
    """The expression converting `source` with converter `c{i}`, unless it is
    None or already of the type field `f` stores as it is."""
    plain = _plain(f)
    if plain:
        return f"v if (v := {source}) is None or type(v) is {plain[0].__name__} else c{i}(v)"
    return f"None if (v := {source}) is None else c{i}(v)"


def _written(name: str, arg: str, body: str, converters: Sequence[Any]) -> Any:
    """Define function `name(arg)` from its `body`, converters `c0`, `c1`... at hand."""
    env: dict[str, Any] = {f"c{i}": c for i, c in enumerate(converters)}
    exec(f"def {name}({arg}):\n    {body}\n", env)  # noqa: S102 - built from field names
    return env[name]


def _plain(f: Field) -> tuple[type, ...]:
    """Python types a field stores as they are (no conversion needed)."""
    if isinstance(f, ForeignKeyField | IntegerField):
        return (int,)
    if isinstance(f, CharField | TextField):
        return (str,)
    return ()


_shapes: dict[type[Model], _Shape] = {}


def _shape(model: type[Model]) -> _Shape:
    shape = _shapes.get(model)
    if shape is None:
        shape = _shapes[model] = _Shape(model)
    return shape


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


def batch() -> Any:
    """Batch the inserts made here until the next read (models/batch.py); SQLite only."""
    return batching.batch(_db())


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


def _made(model: type[M], data: dict[str, Any], rel: dict[str, Any]) -> M:
    """An instance of stored data: what Model.__init__ makes, without a setattr per field."""
    obj = model.__new__(model)
    obj.__data__ = data
    obj.__rel__ = rel
    obj._dirty = set()  # type: ignore[attr-defined]
    return obj


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


_makers: dict[tuple[type[Model], tuple[str, ...]], Callable[[int, Sequence[Any]], list[Any]]] = {}


def _row_maker(
    model: type[Model], names: tuple[str, ...]
) -> Callable[[int, Sequence[Any]], list[Any]]:
    """`make(row_id, row)`: the parameters of the full INSERT for a tuple of `names`' values."""
    key = (model, names)
    hit = _makers.get(key)
    if hit is None:
        env: dict[str, Any] = {}
        items = []
        for i, f in enumerate(model._meta.sorted_fields):  # type: ignore[attr-defined]
            if f.primary_key:
                items.append("row_id")
            elif f.name in names:
                items.append(f"row[{names.index(f.name)}]")
            elif callable(f.default):
                env[f"d{i}"], env[f"c{i}"] = f.default, f.db_value
                items.append(f"c{i}(d{i}())")
            else:
                env[f"k{i}"] = None if f.default is None else f.db_value(f.default)
                items.append(f"k{i}")
        unknown = set(names) - set(model._meta.fields)  # type: ignore[attr-defined]
        if unknown:
            raise KeyError(f"{model.__name__} has no column {sorted(unknown)}")
        src = f"def make(row_id, row):\n    return [{', '.join(items)}]\n"
        exec(src, env)  # noqa: S102 - built above from the table's field names
        hit = _makers[key] = env["make"]
    return hit


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


def _loaded(model: type[M], fields: Sequence[Field], row: Sequence[Any]) -> M:
    """A row read from the book as an instance (what peewee's select gives, made directly)."""
    # Keyed by the fields' identities: a Field hashes by (model, name) in
    # Python, which a key of twenty fields paid on every row read.
    key = (model, tuple(map(id, fields)))
    load = _loaders.get(key)
    if load is None:
        load = _loaders[key] = _loader_maker(fields)
    return _made(model, load(row), {})


_loaders: dict[tuple[type[Model], tuple[int, ...]], Callable[[Sequence[Any]], dict[str, Any]]] = {}


def _loader_maker(fields: Sequence[Field]) -> Callable[[Sequence[Any]], dict[str, Any]]:
    """`load(row)`: a stored row's data as an instance holds it, every field's
    `python_value` applied (written out once per table, as `_params_maker`)."""
    items = [f"{f.name!r}: " + _converted(i, f, f"row[{i}]") for i, f in enumerate(fields)]
    body = "return {\n        " + ",\n        ".join(items) + ",\n    }"
    return _written("load", "row", body, [f.python_value for f in fields])  # type: ignore[no-any-return]


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
