"""A server book's password kept in the system keyring, when there is one.

The keyring (GNOME Keyring / KWallet through Secret Service, macOS Keychain,
Windows Credential Locker) is reached through the `keyring` package. It is
optional: on a machine without a keyring service every function here
answers "nothing kept" and the window simply asks, as libpq's `~/.pgpass`
and `PGPASSWORD` remain for those who prefer them. The password is never
written anywhere else (not the settings file, not Recent books).
"""

from __future__ import annotations

from app.services.book import book_label, book_password

SERVICE = "Acerto"


def _keyring() -> object | None:
    """The keyring module when a real keyring service is there, else None."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    try:
        if isinstance(keyring.get_keyring(), fail.Keyring):
            return None
    except Exception:  # a broken keyring set-up is as good as none
        return None
    return keyring


def available() -> bool:
    """Can a password be kept in the system keyring on this machine?"""
    return _keyring() is not None


def _account(url: str) -> str:
    return book_label(url)  # user@host:port/db, the password left out


def stored(url: str) -> str:
    """The password kept for the server book `url` ("" for none)."""
    kr = _keyring()
    if kr is None or book_password(url):
        return ""
    try:
        return kr.get_password(SERVICE, _account(url)) or ""  # type: ignore[attr-defined,no-any-return]
    except Exception:  # a keyring that fails to answer keeps nothing
        return ""


def store(url: str, password: str) -> bool:
    """Keep `password` for the server book `url`; False when there is no keyring."""
    kr = _keyring()
    if kr is None or not password:
        return False
    try:
        kr.set_password(SERVICE, _account(url), password)  # type: ignore[attr-defined]
    except Exception:
        return False
    return True


def forget(url: str) -> None:
    """Forget any password kept for `url` (a wrong one, or the user's wish)."""
    kr = _keyring()
    if kr is None:
        return
    try:
        kr.delete_password(SERVICE, _account(url))  # type: ignore[attr-defined]
    except Exception:
        return
