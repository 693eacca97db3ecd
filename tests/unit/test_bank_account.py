"""One bank account under its IBAN and its Spanish domestic number (app/rules/bank_account.py)."""

from __future__ import annotations

from app.rules.bank_account import domestic, same_account

IBAN = "ES9121000418450200051332"


def test_a_spanish_iban_holds_the_norma43_account() -> None:
    assert domestic(IBAN) == "210004180200051332"
    assert domestic("ES91 2100 0418 4502 0005 1332") == "210004180200051332"
    assert domestic("21000418450200051332") == "210004180200051332"  # CCC with control digits
    assert same_account(IBAN, "210004180200051332")
    assert same_account("210004180200051332", "es91 2100 0418 4502 0005 1332")
    assert same_account("21000418450200051332", IBAN)


def test_other_accounts_are_compared_as_written() -> None:
    assert domestic("PT50000201231234567890154") is None
    assert not same_account(IBAN, "210004180200051333")  # another account number
    assert not same_account(IBAN, "PT50000201231234567890154")
    # Two numbers of the same kind differing in the control digits are two accounts.
    assert not same_account("21000418450200051332", "21000418990200051332")
    assert same_account("PT50 0002 0123 1234 5678 9015 4", "PT50000201231234567890154")
