"""Rows for `models.fast`: how a table's new rows are made and how stored rows
come back as instances.

For each table (and each set of columns a caller names) the functions that
turn a row into its statement's parameters, and a stored row back into an
instance's data, are written out once as Python source and kept; a batch
calls them for every row it queues or reads, and a loop over the fields
costs twice as much. The statements themselves are `models.fast`'s.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from peewee import CharField, DateField, Field, ForeignKeyField, IntegerField, Model, TextField

M = TypeVar("M", bound=Model)


def _pk(model: type[Model]) -> Field:
    pk: Field = model._meta.primary_key  # type: ignore[attr-defined,assignment]
    return pk


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


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
        self.as_is = [stored_as_is(f) for f in fields]  # by place, as `fields`
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


class _NoValue:
    """The type no value has: a field that stores none as it is (`stored_as_is`)."""


def stored_as_is(f: Field) -> type:
    """The type whose values field `f` stores as they are: a value of it (or None)
    needs no `db_value` (its result would be the value), `_NoValue` if none."""
    plain = _plain(f)
    return plain[0] if plain else _NoValue


_shapes: dict[type[Model], _Shape] = {}


def _shape(model: type[Model]) -> _Shape:
    shape = _shapes.get(model)
    if shape is None:
        shape = _shapes[model] = _Shape(model)
    return shape


def _made(model: type[M], data: dict[str, Any], rel: dict[str, Any]) -> M:
    """An instance of stored data: what Model.__init__ makes, without a setattr per field."""
    obj = model.__new__(model)
    obj.__data__ = data
    obj.__rel__ = rel
    obj._dirty = set()  # type: ignore[attr-defined]
    return obj


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
    converters = [_days(f.python_value) if type(f) is DateField else f.python_value for f in fields]
    return _written("load", "row", body, converters)  # type: ignore[no-any-return]


def _days(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A date column's conversion, made once a stored value: a book's rows repeat a few
    hundred days (accept-all reads 90,000 invoices at 1,000,000, three dates each;
    0.29 µs a date made, 0.05 found). A date is immutable: rows may share one."""
    seen: dict[Any, Any] = {}

    def day(value: Any) -> Any:
        hit = seen.get(value)
        if hit is None:
            hit = convert(value)
            if len(seen) < _DAYS_KEPT:
                seen[value] = hit
        return hit

    return day


_DAYS_KEPT = 20_000  # days kept a column at most (fifty years)
