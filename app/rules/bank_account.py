"""One bank account, whatever a statement file calls it (issue 11).

A Spanish bank gives the same account two names: Norma 43 names it by its
domestic number (CCC: bank, branch and account number, 4 + 4 + 10 digits,
the two control digits left out), camt.053 by its IBAN, which holds the
whole CCC:

    ES kk BBBB GGGG DD NNNNNNNNNN     (kk the IBAN's check, DD the CCC's)

`domestic` reduces either name to bank + branch + account number, so the
statement store can tell that "210004180200051332" and
"ES91 2100 0418 4502 0005 1332" are one account. Other countries' numbers
are left as they are (None: compared only as written).
"""

from __future__ import annotations

import re

_IBAN_ES = re.compile(r"ES\d{22}")


def compact(number: str) -> str:
    """The number without spaces or dashes, upper case."""
    return re.sub(r"[\s-]", "", number).upper()


def domestic(number: str) -> str | None:
    """Bank, branch and account number (18 digits) of a Spanish account named by its
    IBAN, its 20-digit CCC or Norma 43's 18 digits; None for any other number."""
    text = compact(number)
    if _IBAN_ES.fullmatch(text):
        return text[4:12] + text[14:24]
    if text.isdigit() and len(text) == 20:
        return text[:8] + text[10:]
    if text.isdigit() and len(text) == 18:
        return text
    return None


def same_account(a: str, b: str) -> bool:
    """Whether two statements' account names are one account: the same as written, or
    one Spanish account named two ways (an IBAN and its CCC, or Norma 43's digits).
    Two names of the same kind are compared as written only."""
    a, b = compact(a), compact(b)
    if a == b:
        return True
    left = domestic(a)
    return left is not None and left == domestic(b) and len(a) != len(b)
