"""quick_init (app/rules/frozen.py): the same instance as the dataclass's own
__init__ makes, made faster, still frozen; classes it cannot serve refused."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest

from app.rules.bank_facts import OpenItem
from app.rules.bank_proposal import Proposal
from app.rules.frozen import quick_init
from app.rules.settlement import Application, JournalLine, OpenInvoice, SettlementPreview
from app.rules.terms import Terms
from app.services.documents import Source


@dataclasses.dataclass(frozen=True)
class _Plain:
    a: int
    b: str = "b"
    c: tuple[int, ...] = dataclasses.field(default=())


@quick_init
@dataclasses.dataclass(frozen=True)
class _Quick:
    a: int
    b: str = "b"
    c: tuple[int, ...] = dataclasses.field(default=())


@pytest.mark.parametrize(
    ("args", "kwargs"), [((1,), {}), ((1, "x"), {}), ((1,), {"c": (2,)}), ((), {"a": 3, "b": "y"})]
)
def test_the_instance_is_the_one_the_dataclass_makes(args, kwargs) -> None:
    quick, plain = _Quick(*args, **kwargs), _Plain(*args, **kwargs)
    assert quick.__dict__ == plain.__dict__
    assert repr(quick).replace("_Quick", "_Plain") == repr(plain)
    assert quick == _Quick(*args, **kwargs) and hash(quick) == hash(_Quick(*args, **kwargs))
    with pytest.raises(dataclasses.FrozenInstanceError):
        quick.a = 5  # type: ignore[misc]
    assert dataclasses.replace(quick, a=9).a == 9
    with pytest.raises(TypeError):
        _Quick(1, "x", (), 4)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        _Quick()  # type: ignore[call-arg]


def test_the_rules_classes_are_made_field_by_field() -> None:
    for cls in (
        Application,
        JournalLine,
        OpenInvoice,
        SettlementPreview,
        Source,
        OpenItem,
        Proposal,
    ):
        assert "update" in cls.__init__.__code__.co_names, cls  # quick_init's, one update
    d = Decimal("1.50")
    app = Application("INV-1", d, d, source="P-1", notes=("n",), on=date(2026, 3, 1))
    names = [f.name for f in dataclasses.fields(Application)]
    assert list(app.__dict__) == names
    assert app.discount == app.writeoff == app.allowed == Decimal("0") and app.explanation == ""
    line = JournalLine("1200", d, Decimal("0"))
    assert line == JournalLine(account="1200", debit=d, credit=Decimal("0"))
    preview = SettlementPreview("P-1", "payment", date(2026, 3, 1), d, (app,))
    assert preview.journal == () and preview.applications == (app,)
    terms = Terms((), 30)
    inv = OpenInvoice("INV-1", date(2026, 3, 1), date(2026, 3, 31), d, d, terms)
    assert inv.discount_taken == Decimal("0") and inv.terms is terms
    src = Source("payment", "P-1", None, None, d, date(2026, 3, 1), 7)
    assert src.customer_id == 7 and list(src.__dict__) == [f.name for f in dataclasses.fields(src)]


def test_classes_it_cannot_serve_are_refused() -> None:
    with pytest.raises(TypeError):
        quick_init(
            dataclasses.dataclass(frozen=True, slots=True)(
                type("S", (), {"__annotations__": {"a": int}})
            )
        )
    with pytest.raises(TypeError):
        quick_init(
            dataclasses.dataclass(frozen=True)(
                type(
                    "F",
                    (),
                    {"__annotations__": {"a": list}, "a": dataclasses.field(default_factory=list)},
                )
            )
        )
    with pytest.raises(TypeError):
        quick_init(
            dataclasses.dataclass(frozen=True)(
                type("P", (), {"__annotations__": {"a": int}, "__post_init__": lambda self: None})
            )
        )
