"""Bank statements in (issue 11): the files banks give, read into one shape.

Each format has its own module and a maintained parser where one exists
(ofxtools for OFX, csb43 for Norma 43, mt-940 for MT940; camt.053 and CSV
are read here, XML through defusedxml). Every reader yields `Statement`s
of `StatementLine`s (lines.py), so what comes after — storing the lines
once, matching them to invoices, settling — never knows the format.

    read_statements(path, fmt="auto", csv_mapping=None) -> list[Statement]

A file that cannot be read raises `BankFileError`: one sentence naming
the file and, where it can, the line; nothing is returned in part.
"""

from __future__ import annotations

from app.exchange.bank.files import FORMATS, BankFileError, read_statements
from app.rules.statement import Statement, StatementLine

__all__ = ["FORMATS", "BankFileError", "Statement", "StatementLine", "read_statements"]
