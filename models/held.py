"""Document series counters held by a write batch (models/batch.py) and written
when it sends its rows: an import's or a demo's numbers without a statement each."""

from __future__ import annotations

from models import batch as batching
from models.fast import _db, execute


class HeldCounter:
    """A numbering series' value held by a batch, written when the batch sends its rows."""

    __slots__ = ("_batch", "name", "value")

    def __init__(self, b: batching.Batch, name: str) -> None:
        self._batch = b
        self.name = name
        self.value: int = b.value(("counter", name), self._load)

    def _load(self) -> int:
        # Not held yet, so the book has this series' value: read without sending the queue.
        with self._batch.quiet():
            row = execute('SELECT "value" FROM "counter" WHERE "name" = {p}', [self.name])
            row = row.fetchone()
        return 0 if row is None else int(row[0])

    def _write(self, value: int) -> None:
        execute(
            'INSERT INTO "counter" ("name", "value") VALUES ({p}, {p}) '
            'ON CONFLICT ("name") DO UPDATE SET "value" = excluded."value"',
            [self.name, value],
        )

    def hold(self, value: int) -> None:
        self.value = value
        self._batch.hold(("counter", self.name), value, self._write, "counter")


def held_counter(name: str) -> HeldCounter | None:
    """Inside a batch, the series `name` held in memory; else None (write it at once)."""
    b = batching.active(_db())
    return None if b is None else HeldCounter(b, name)
