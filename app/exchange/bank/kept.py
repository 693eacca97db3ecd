"""What a bank account keeps between imports: the CSV mapping its files are read with.

The command line (`bank import --account NAME [--map ...]`) and the Bank
view's import both read a CSV file with the mapping kept for the account
the bookkeeper names, and tell whether a file is CSV (a CSV file names no
account of its own, so the account has to be given).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from app.exchange.bank import csvfile
from app.exchange.bank.files import sniff
from app.services import bank, book


def kept_mapping(account: str | None) -> csvfile.CsvMapping | None:
    """The CSV mapping kept for bank account `account` (None: none kept, or no account)."""
    if not account:
        return None
    kept = bank.csv_mapping_of(account)
    if not kept:
        return None
    cur = book.currency()
    mapping = csvfile.mapping_from_json(kept, cur.code, cur.places)
    return None if mapping is None else replace(mapping, kept_for=account)


def is_csv(path: str | Path, fmt: str = "auto") -> bool:
    """Is the file at `path` a CSV file (as `fmt` says, or as its first bytes look)?"""
    if fmt != "auto":
        return fmt == "csv"
    try:
        with open(path, "rb") as f:
            return sniff(f.read(64 * 1024)) == "csv"
    except OSError:
        return False
