"""Row locks and guarded writes: what keeps two clerks from spending the same money.

On PostgreSQL a service that reads a balance, decides, and writes it back
first locks the rows it depends on (`hold`: SELECT ... FOR UPDATE) for the
rest of its transaction. Every service takes them in one fixed order —
orders, then payments, then invoices (credit notes are invoices), then
unbilled items, each by id — so two services waiting for each other's
rows cannot happen by design (a deadlock the server still finds is tried
again, like any contention: app/services/retry.py). On SQLite every write
transaction begins IMMEDIATE (models/db.py) and so holds the whole book:
`hold` has nothing to do there.

Cached figures (what a payment has applied, what an invoice has settled,
what an order has invoiced) are written by `save_guarded`: the UPDATE
names the values this transaction read, so it changes nothing if another
transaction changed the row since; then `LostRace` ends the action and it
runs again from the start. With the locks held that never happens; it is
the second line, for a path that forgot one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from peewee import Model, PostgresqlDatabase

from models import fast, fast_bulk
from models.db import LostRace, database
from models.fast_rows import stored_as_is
from models.tables import Invoice, Order, Payment, UnbilledItem

# The one order in which rows are locked (see the module's docstring).
LOCK_ORDER: tuple[type[Model], ...] = (Order, Payment, Invoice, UnbilledItem)


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def row_locks() -> bool:
    """Whether `hold` locks anything: on PostgreSQL. On SQLite a service skips the
    reads it would make only to know what to lock."""
    return isinstance(database.obj, PostgresqlDatabase)


def hold(
    *,
    orders: Iterable[int | None] = (),
    payments: Iterable[int | None] = (),
    invoices: Iterable[int | None] = (),
    items: Iterable[int | None] = (),
) -> None:
    """Lock these rows until the transaction ends (PostgreSQL; SQLite holds the book already).

    Read the rows again after this: what was read before may have changed
    while waiting for the lock.
    """
    db = database.obj
    if not isinstance(db, PostgresqlDatabase):
        return
    assert db.in_transaction(), "rows are locked inside the action's transaction"
    for model, ids in zip(LOCK_ORDER, (orders, payments, invoices, items), strict=True):
        wanted = sorted({i for i in ids if i is not None})
        if not wanted:
            continue
        table = _q(model._meta.table_name)  # type: ignore[attr-defined]
        marks = ", ".join(["%s"] * len(wanted))
        db.execute_sql(
            f'SELECT "id" FROM {table} WHERE "id" IN ({marks}) ORDER BY "id" FOR UPDATE', wanted
        ).fetchall()


def save_guarded_many(rows: Iterable[tuple[Model, dict[str, Any]]]) -> None:
    """`save_guarded` of many rows, each with the values it held when read: rows
    still waiting in a batch are changed where they wait, the others by one
    statement per table (and set of columns)."""
    groups: dict[str, list[list[Any]]] = {}
    b = fast.active_batch()
    # The rows of this batch are changed where they wait; the others are left here
    # (none of them queued: not looked for in the queue again).
    left = rows if b is None else fast_bulk.save_queued_many(b, rows)
    for obj, expected in left:
        plan = _guarded_update(obj, expected, queued=False)
        if plan is not None:
            groups.setdefault(plan[0], []).append(plan[1])
    for sql, params in groups.items():
        if fast_bulk.execute_many(sql, params) != len(params):
            raise LostRace(f"a row changed while this action ran: {sql}")


# A guarded UPDATE by (database class, model, columns set, columns guarded): its SQL,
# and each column's conversion to what the database stores, in its parameters' order,
# with the type it stores as it is (models/fast_rows.py `stored_as_is`).
_Column = tuple[str, Any, type]
_Guarded = tuple[str, tuple[_Column, ...], tuple[_Column, ...]]
_guarded: dict[tuple[Any, ...], _Guarded] = {}


def _guarded_sql(
    db: Any, model: type[Model], names: tuple[str, ...], guards: tuple[str, ...]
) -> _Guarded:
    key = (type(db), model, names, guards)
    hit = _guarded.get(key)
    if hit is None:
        fields = model._meta.fields  # type: ignore[attr-defined]
        sets = ", ".join(f"{_q(fields[n].column_name)} = {db.param}" for n in names)
        where = " AND ".join(f"{_q(fields[n].column_name)} = {db.param}" for n in ("id", *guards))
        sql = f"UPDATE {_q(model._meta.table_name)} SET {sets} WHERE {where}"  # type: ignore[attr-defined]
        hit = _guarded[key] = (
            sql,
            tuple((n, fields[n].db_value, stored_as_is(fields[n])) for n in names),
            tuple((n, fields[n].db_value, stored_as_is(fields[n])) for n in guards),
        )
    return hit


def _guarded_update(
    obj: Model, expected: dict[str, Any], *, queued: bool = True
) -> tuple[str, list[Any]] | None:
    """The guarded UPDATE saving `obj` (None: nothing left to send: no change, or
    a queued row changed where it waits; `queued=False`: the row is known not to
    wait in a batch)."""
    dirty = obj._dirty  # type: ignore[attr-defined]
    model = type(obj)
    pk: str = model._meta.primary_key.name  # type: ignore[attr-defined,union-attr]
    names = tuple(sorted(n for n in dirty if n != pk))
    if not names:
        return None
    data = obj.__data__  # type: ignore[attr-defined]
    if queued:
        done = fast.update_queued(model, data[pk], {n: data.get(n) for n in names}, expected)
        if done is not None:  # a row of this batch, changed where it waits
            if done != 1:
                raise LostRace(f"{model._meta.table_name} {data[pk]} changed while this action ran")  # type: ignore[attr-defined]
            dirty.clear()
            return None
    sql, sets, guards = _guarded_sql(database.obj, model, names, tuple(sorted(expected)))
    # A value the column stores as it is goes as it is (`db_value` would return it).
    params = [v if (v := data.get(n)) is None or type(v) is t else to_db(v) for n, to_db, t in sets]
    params.append(data[pk])
    params += [
        v if (v := expected[n]) is None or type(v) is t else to_db(v) for n, to_db, t in guards
    ]
    dirty.clear()
    return sql, params


def save_guarded(obj: Model, **expected: Any) -> None:
    """Save `obj`'s changed fields if its row still holds `expected` (the values read).

    Raises LostRace when another transaction changed the row in between.
    """
    plan = _guarded_update(obj, expected)
    if plan is not None and database.obj.execute_sql(*plan).rowcount != 1:
        raise LostRace(f"{type(obj)._meta.table_name} {obj.id} changed while this action ran")  # type: ignore[attr-defined]
