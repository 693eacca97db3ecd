"""PostgreSQL's driver, given to peewee when a PostgreSQL book is opened.

`import peewee` imports psycopg2 whenever it can: libpq with OpenSSL, Kerberos
and LDAP, about 25 ms of CPU, which a SQLite book never uses (a seventh of what a
bare PySide6 window takes to paint; issue 12). The command line and the window
hide psycopg2 while their modules import peewee (app/cli/__init__.py), and
`load()` sets, before a PostgreSQL database is made, what peewee's own import
would have set: its module's names and the driver's constants on its adapter
(tests/unit/test_pg_driver.py compares the two states of peewee).
"""

from __future__ import annotations

import peewee


def load() -> None:
    """peewee's psycopg2 names, as its import sets them (nothing when it has them,
    or when psycopg2 is not installed: peewee then says so when connecting)."""
    if getattr(peewee, "psycopg2", None) is not None:
        return
    try:
        import psycopg2
        from psycopg2 import extensions
        from psycopg2.extras import Json, register_uuid
    except ImportError:
        return
    register_uuid()
    names: dict[str, object] = {
        "psycopg2": psycopg2,
        "pg_extensions": extensions,
        "pg_register_uuid": register_uuid,
        "Json_pg2": Json,
    }
    if hasattr(peewee, "pg_errors"):  # peewee 3.x
        from psycopg2 import errors

        names["pg_errors"] = errors
    for name, value in names.items():
        setattr(peewee, name, value)
    adapter = getattr(peewee, "Psycopg2Adapter", None)  # peewee 4.x: set in its class body
    if adapter is not None:
        adapter.txn_idle = extensions.TRANSACTION_STATUS_IDLE
        adapter.txn_inerror = extensions.TRANSACTION_STATUS_INERROR
        adapter.txn_unknown = extensions.TRANSACTION_STATUS_UNKNOWN
