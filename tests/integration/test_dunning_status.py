"""`show customer --json`'s `dunning` object: excluded, levels sent, last sent (issue 13)."""

from __future__ import annotations

from tests.integration.conftest import Cli


def test_show_customer_tells_where_the_reminders_stand(cli: Cli) -> None:
    cli.ok("customer", "add", "C1", "Ana", "--terms", "net 30")
    cli.ok("customer", "add", "C2", "Bea", "--terms", "net 30")
    old = cli.ok("invoice", "add", "--customer", "C1", "--date", "2026-01-05", "--amount", "100")
    new = cli.ok("invoice", "add", "--customer", "C1", "--date", "2026-03-20", "--amount", "40")
    never = {"excluded": False, "level": 0, "last_sent": None, "invoices": []}
    assert cli.json("customer", "C1")["dunning"] == never
    cli.ok("dunning", "--as-of", "2026-03-25")  # old is 49 days overdue: a first run sends 1
    first = cli.json("customer", "C1")
    assert first["net_balance"] == "140.00"  # the fields before it are unchanged
    assert first["dunning"] == {
        "excluded": False,
        "level": 1,
        "last_sent": "2026-03-25",
        "invoices": [{"invoice": old, "level": 1, "sent_on": "2026-03-25"}],
    }
    cli.ok("dunning", "--as-of", "2026-06-01")  # escalates old, reminds of new
    d = cli.json("customer", "C1")["dunning"]
    assert d["level"] == 2
    assert d["last_sent"] == "2026-06-01"
    assert [(i["invoice"], i["level"]) for i in d["invoices"]] == [(old, 2), (new, 1)]
    # Settled since: the invoice drops out of the open ones, the date stays.
    pay = cli.ok("payment", "add", "--customer", "C1", "--date", "2026-06-02", "--amount", "100")
    cli.ok("settle", pay, old)
    d = cli.json("customer", "C1")["dunning"]
    assert (d["level"], d["last_sent"]) == (1, "2026-06-01")
    assert [i["invoice"] for i in d["invoices"]] == [new]
    cli.ok("customer", "edit", "C2", "--no-dunning")
    assert cli.json("customer", "C2")["dunning"] == {**never, "excluded": True}
    assert cli.json("customer", "C1")["dunning"]["excluded"] is False
