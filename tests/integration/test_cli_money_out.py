"""Issue 9, items 3 and 7, on the command line, with the issue's numbers:
`payment add --order ORDER=AMOUNT...` / `--excess credit`, and `payout`."""

from __future__ import annotations

from collections.abc import Callable

from tests.integration.conftest import Cli


def _orders(cli: Cli, make_customer: Callable[..., str]) -> tuple[str, str]:
    make_customer("C1")
    a = cli.ok("order", "add", "--customer", "C1", "--date", "2026-03-01", "--line", "Shirt;1;100")
    b = cli.ok("order", "add", "--customer", "C1", "--date", "2026-03-01", "--line", "Coat;1;200")
    return a, b


def pay(*extra: str) -> tuple[str, ...]:
    return ("payment", "add", "--customer", "C1", "--date", "2026-03-02", *extra)


def test_issue_case_two_bare_orders_is_refused(cli: Cli, make_customer: Callable[..., str]) -> None:
    a, b = _orders(cli, make_customer)
    cli.fails(
        *pay("--amount", "300", "--order", a, "--order", b),
        match="--order is named more than once without amounts",
    )
    assert cli.json("order", b)["paid"] == "0.00"


def test_split_over_two_orders(cli: Cli, make_customer: Callable[..., str]) -> None:
    a, b = _orders(cli, make_customer)
    r = cli.run(
        *pay("--amount", "300", "--order", f"{a}=100", "--order", f"{b}=150", "--ref", "T1")
    )
    assert r.code == 0, r.err
    numbers = r.out.strip().splitlines()[-3:]
    assert numbers == ["PAY-000001", "PAY-000002", "PAY-000003"]
    assert "150.00 on order SO-000002" in r.out and "50.00 as customer credit" in r.out
    assert cli.json("order", a)["paid"] == "100.00"
    assert cli.json("order", b)["paid"] == "150.00"
    rest = cli.json("payment", "PAY-000003")
    assert (rest["order"], rest["amount"], rest["unapplied"], rest["split_of"]) == (
        None,
        "50.00",
        "50.00",
        "PAY-000001",
    )
    assert [p["amount"] for p in rest["parts"]] == ["100.00", "150.00", "50.00"]
    assert cli.json("customer", "C1")["credit"] == "300.00"
    assert cli.ok("check") == "The book is consistent."


def test_split_refusals(cli: Cli, make_customer: Callable[..., str]) -> None:
    a, b = _orders(cli, make_customer)
    cli.fails(
        *pay("--amount", "300", "--order", f"{a}=100", "--order", f"{b}=250"),
        match="add up to 350.00, more than the payment of 300.00",
    )
    cli.fails(
        *pay("--amount", "300", "--order", f"{a}=100", "--order", b),
        match="more than once without amounts",
    )
    cli.fails(*pay("--amount", "300", "--order", b), match="Order SO-000002 still needs 200.00")
    cli.fails(*pay("--amount", "300", "--order", f"{a}=1O0"), match="amount for order")
    cli.fails(
        *pay("--amount", "300", "--excess", "credit"), match="--excess is for a payment on an order"
    )


def test_excess_credit(cli: Cli, make_customer: Callable[..., str]) -> None:
    _a, b = _orders(cli, make_customer)
    last = cli.ok(*pay("--amount", "300", "--order", b, "--excess", "credit"))
    assert last == "PAY-000002"
    assert cli.json("order", b)["paid"] == "200.00"
    assert cli.json("payment", "PAY-000002")["amount"] == "100.00"
    assert cli.json("payment", "PAY-000002")["order"] is None


def test_a_single_bare_order_works_as_before(cli: Cli, make_customer: Callable[..., str]) -> None:
    a, _ = _orders(cli, make_customer)
    assert cli.ok(*pay("--amount", "100", "--order", a)) == "PAY-000001"
    shown = cli.json("payment", "PAY-000001")
    assert (shown["order"], shown["amount"], shown["parts"]) == (a, "100.00", [])


def test_payout_of_a_refund(cli: Cli, make_customer: Callable[..., str]) -> None:
    make_customer("C1")
    inv = cli.ok("invoice", "add", "--customer", "C1", "--date", "2026-03-01", "--amount", "100")
    p = cli.ok(*pay("--amount", "150"))
    cli.ok("settle", p, inv)
    ref = cli.ok("refund", p, "--date", "2026-03-05")
    assert cli.json("payment", p)["refunds"][0]["paid"] is False
    cli.fails("payout", ref, "--date", "2026-03-04", match="before refund")
    cli.fails("payout", "REF-000009", "--date", "2026-03-06", match="no refund numbered")
    assert cli.ok("payout", ref, "--date", "2026-03-06", "--reference", "TRF 77") == ref
    (listed,) = cli.json("payment", p)["refunds"]
    assert listed == {
        "number": ref,
        "amount": "50.00",
        "date": "2026-03-05",
        "paid": True,
        "paid_on": "2026-03-06",
        "paid_reference": "TRF 77",
        "payouts_taken_back": [],
    }
    lines = [j for j in cli.json("payment", p)["journal"] if j["date"] == "2026-03-06"]
    assert {(j["account"], j["debit"], j["credit"]) for j in lines} == {
        ("refunds_payable", "50.00", "0.00"),
        ("bank", "0.00", "50.00"),
    }
    cli.fails("payout", ref, "--date", "2026-03-07", match="already paid out on 2026-03-06")
    r = cli.run("check")
    assert "Refunds payable equals the refunds not yet paid out (0.00)." in r.out
    assert r.last == "The book is consistent."
    assert cli.ok("check", "--replay").startswith("Replay: no difference")


def test_a_payout_taken_back_on_the_command_line(
    cli: Cli, make_customer: Callable[..., str]
) -> None:
    """`payout REFUND --take-back`: the bank returned the money (or the payout was
    recorded by mistake); the refund is owed again, `show` lists what was taken back,
    and it can be paid out once more. The same service a bank line unmatched calls."""
    make_customer("C1")
    inv = cli.ok("invoice", "add", "--customer", "C1", "--date", "2026-03-01", "--amount", "100")
    p = cli.ok(*pay("--amount", "150"))
    cli.ok("settle", p, inv)
    ref = cli.ok("refund", p, "--date", "2026-03-05")
    cli.fails("payout", ref, "--take-back", "--date", "2026-03-07", match="is not paid out")
    cli.ok("payout", ref, "--date", "2026-03-06", "--reference", "TRF 77")
    cli.fails("payout", ref, "--reason", "x", match="--reason goes with --take-back")
    cli.fails("payout", ref, "--take-back", "--reference", "R", match="--reference goes with")
    cli.fails("payout", ref, "--take-back", "--date", "2026-03-05", match="before the payout")
    r = cli.run("payout", ref, "--take-back", "--date", "2026-03-08", "--reason", "IBAN closed")
    assert r.code == 0, r.err
    assert r.last == ref
    assert "the payout of 50.00 taken back; C1 is owed it again" in r.out
    (listed,) = cli.json("payment", p)["refunds"]
    assert (listed["paid"], listed["paid_on"], listed["paid_reference"]) == (False, None, "")
    assert listed["payouts_taken_back"] == [
        {
            "paid_on": "2026-03-06",
            "paid_reference": "TRF 77",
            "date": "2026-03-08",
            "reason": "IBAN closed",
        }  # fmt: skip
    ]
    back = [j for j in cli.json("payment", p)["journal"] if j["date"] == "2026-03-08"]
    assert {(j["account"], j["debit"], j["credit"]) for j in back} == {
        ("bank", "50.00", "0.00"),
        ("refunds_payable", "0.00", "50.00"),
    }
    assert (
        "payable; payout of 2026-03-06 taken back 2026-03-08" in cli.run("show", "payment", p).out
    )
    cli.ok("payout", ref, "--date", "2026-03-09", "--reference", "TRF 78")
    shown = cli.run("show", "payment", p).out
    assert "payout of 2026-03-06 taken back 2026-03-08; paid out 2026-03-09 (TRF 78)" in shown
    assert cli.run("check").last == "The book is consistent."
    assert cli.ok("check", "--replay").startswith("Replay: no difference")


def test_split_and_payout_survive_the_replay(cli: Cli, make_customer: Callable[..., str]) -> None:
    """`check --replay` takes the rows through the exchange workbook's iterators
    and replays them through the services: the split and the payout come out the same."""
    a, b = _orders(cli, make_customer)
    cli.ok(*pay("--amount", "300", "--order", f"{a}=100", "--order", f"{b}=150"))
    ref = cli.ok("refund", "PAY-000003", "--date", "2026-03-05")
    cli.ok("payout", ref, "--date", "2026-03-06", "--reference", "TRF 1")
    assert cli.ok("check", "--replay").startswith("Replay: no difference")


def test_show_lists_the_refund_as_paid_and_the_parts(
    cli: Cli, make_customer: Callable[..., str]
) -> None:
    a, b = _orders(cli, make_customer)
    cli.ok(*pay("--amount", "300", "--order", f"{a}=100", "--order", f"{b}=150"))
    ref = cli.ok("refund", "PAY-000003", "--date", "2026-03-05")
    shown = cli.run("show", "payment", "PAY-000003").out
    assert "Part of    PAY-000001" in shown
    assert f"{ref}  2026-03-05  50.00  payable" in shown
    cli.ok("payout", ref, "--date", "2026-03-06", "--reference", "TRF 1")
    shown = cli.run("show", "payment", "PAY-000003").out
    assert f"{ref}  2026-03-05  50.00  paid out 2026-03-06 (TRF 1)" in shown
