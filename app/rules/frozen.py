"""Frozen dataclasses whose instances are made by the hundred thousand (accept-all:
a plan, its applications and journal lines for every bank line).

A frozen dataclass's own `__init__` sets each field through
`object.__setattr__` (its `__setattr__` refuses): about 60 ns a field
against 10 for a plain assignment, 1.1 µs for an Application of eleven
fields. `quick_init` gives the class an `__init__` with the same
parameters and defaults that fills the instance's dict in one update
(0.6 µs): the instance is the same (equality, hash, repr, `replace`), and
it stays frozen after.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

T = TypeVar("T")


def quick_init(cls: type[T]) -> type[T]:
    """`cls` (a frozen dataclass without slots, default factories or
    `__post_init__`) with an `__init__` that sets its fields at once."""
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    simple = all(
        f.init and not f.kw_only and f.default_factory is dataclasses.MISSING for f in fields
    )
    if not simple or hasattr(cls, "__post_init__") or hasattr(cls, "__slots__"):
        raise TypeError(f"{cls.__name__}: quick_init takes plain fields only")
    env: dict[str, Any] = {}
    params = []
    for f in fields:
        if f.default is dataclasses.MISSING:
            params.append(f.name)
        else:
            env[f"_d_{f.name}"] = f.default
            params.append(f"{f.name}=_d_{f.name}")
    values = ", ".join(f"{f.name!r}: {f.name}" for f in fields)
    source = f"def __init__(self, {', '.join(params)}):\n    self.__dict__.update({{{values}}})\n"
    exec(source, env)  # noqa: S102 - written from the class's own field names
    init = env["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    cls.__init__ = init  # type: ignore[method-assign]
    return cls
