"""A book's URL: shown, stored and logged without its password (moved out of
book.py, which re-exports these names)."""

from __future__ import annotations

import re
from urllib.parse import quote, unquote


def _split_url(url: str) -> tuple[str, str, str, str] | None:
    """(scheme://, user, password, rest) of a URL with a user part, else None."""
    m = re.match(r"^([A-Za-z][A-Za-z0-9+.\-]*://)([^/?#]*)(.*)$", url or "", re.S)
    if m is None or "@" not in m.group(2):
        return None
    userinfo, _, host = m.group(2).rpartition("@")
    user, _, password = userinfo.partition(":")
    return m.group(1), user, password, "@" + host + m.group(3)


_QUERY_PASSWORD = re.compile(r"([?&]password=)[^&#]*", re.IGNORECASE)


def book_label(url: str) -> str:
    """The book as it may be shown, stored or logged: a file path, or a server URL
    without its password (the user part and any password= parameter)."""
    parts = _split_url(url or "")
    label = url or "" if parts is None else parts[0] + parts[1] + parts[3]
    if _QUERY_PASSWORD.search(label) is None:
        return label
    base, _, query = label.partition("?")
    kept = [p for p in query.split("&") if p and not p.lower().startswith("password=")]
    return base + ("?" + "&".join(kept) if kept else "")


def book_password(url: str) -> str:
    """The password written in a server URL ("" for none)."""
    parts = _split_url(url or "")
    found = _QUERY_PASSWORD.search(url or "")
    if parts is not None and parts[2]:
        return parts[2]
    return (url or "")[found.end(1) : found.end()] if found else ""


def with_password(url: str, password: str) -> str:
    """`url` with `password` to connect with (a password= parameter; none if empty)."""
    if not password:
        return url
    base, _, fragment = url.partition("#")
    joiner = "&" if "?" in base else "?"
    return (
        base
        + joiner
        + "password="
        + quote(password, safe="")
        + (f"#{fragment}" if fragment else "")
    )


def redact(text: str, url: str) -> str:
    """`text` with the password of `url` (as written and %-decoded) replaced by ***."""
    secret = book_password(url)
    for form in {secret, unquote(secret)} - {""}:
        text = text.replace(form, "***")
    return text
