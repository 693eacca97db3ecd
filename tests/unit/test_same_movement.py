"""Which statement lines the book holds already (app/rules/same_movement.py), pure."""

from __future__ import annotations

from datetime import date

from app.rules.same_movement import Movement, fresh

DAY = date(2026, 11, 4)


def m(key: str, amount: int = 1000, ref: str = "", e2e: str = "", on: date = DAY) -> Movement:
    return Movement(key, on, amount, ref, e2e)


def test_the_same_key_is_the_same_line() -> None:
    assert fresh([m("a"), m("b", 500)], [m("a"), m("b", 500)]) == [False, False]


def test_a_day_s_identical_lines_are_counted() -> None:
    # Two 10.00 payments on a day, the book holds neither: both new.
    assert fresh([m("a"), m("b")], []) == [True, True]
    # Read again from a file that names them otherwise: neither is new.
    assert fresh([m("x"), m("y")], [m("a"), m("b")]) == [False, False]
    # An export taken mid-day held one; the day's full export adds the second only.
    assert fresh([m("x"), m("y")], [m("a")]) == [False, True]
    # Another day or another amount is another movement.
    assert fresh([m("x", on=date(2026, 11, 5)), m("y", 999)], [m("a")]) == [True, True]


def test_references_tell_lines_apart_when_both_carry_one() -> None:
    assert fresh([m("x", ref="R2")], [m("a", ref="R1")]) == [True]
    assert fresh([m("x", ref="R1")], [m("a", ref="R1")]) == [False]
    assert fresh([m("x", e2e="E2")], [m("a", e2e="E1")]) == [True]
    # A line without a reference (Norma 43, CSV) is a held line with one, and back.
    assert fresh([m("x")], [m("a", ref="R1")]) == [False]
    assert fresh([m("x", ref="R1")], [m("a")]) == [False]
    # A bank reference on one side and an end-to-end id on the other do not differ.
    assert fresh([m("x", ref="R1")], [m("a", e2e="E1")]) == [False]


def test_each_held_line_is_claimed_once_and_by_its_reference_first() -> None:
    held = [m("a", ref="R1"), m("b")]
    # R1 takes its own line though it comes last; the line without a reference the other.
    assert fresh([m("x"), m("y", ref="R1")], held) == [False, False]
    # A line with another reference can only be the held line without one.
    assert fresh([m("x"), m("y", ref="R9")], held) == [False, False]
    assert fresh([m("x"), m("y", ref="R9"), m("z", ref="R8")], held) == [False, False, True]


def test_a_key_held_on_another_day_is_still_that_line() -> None:
    assert fresh([m("a", on=date(2026, 11, 9))], [m("a")]) == [False]
    # ... and the held line it is is not claimed a second time by another line.
    assert fresh([m("a", on=date(2026, 11, 9)), m("x")], [m("a")]) == [False, True]
