"""`acerto install-desktop [--remove]`: Acerto in the desktop's application menu.

Writes a freedesktop.org desktop entry and the icon (resources/icons/acerto.svg)
under $XDG_DATA_HOME (default ~/.local/share): applications/acerto.desktop
and icons/hicolor/scalable/apps/acerto.svg. The entry starts this
installation's `acerto` by its full path, so it works whether or not
~/.local/bin is on the desktop session's PATH. --remove takes both away.
Touches no book.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

from app.cli.common import Subparsers, out
from app.errors import UserError
from app.i18n import _

ICON = files("resources.icons") / "acerto.svg"
ENTRY_NAME = "acerto.desktop"
ICON_NAME = "acerto"


def register(sub: Subparsers) -> None:
    p = sub.add_parser(
        "install-desktop",
        help=_("put Acerto in the desktop's application menu (--remove: take out)"),
    )
    p.add_argument("--remove", action="store_true", help=_("remove the menu entry and its icon"))
    p.set_defaults(func=cmd_install_desktop, no_book=True)


def data_home() -> Path:
    """$XDG_DATA_HOME, or ~/.local/share (the freedesktop.org base directory rule)."""
    given = os.environ.get("XDG_DATA_HOME", "").strip()
    if given and os.path.isabs(given):
        return Path(given)
    return Path.home() / ".local" / "share"


def entry_path() -> Path:
    return data_home() / "applications" / ENTRY_NAME


def icon_path() -> Path:
    return data_home() / "icons" / "hicolor" / "scalable" / "apps" / f"{ICON_NAME}.svg"


def launcher() -> str:
    """The command the menu runs: this installation's acerto, by its full path."""
    beside = Path(sys.executable).with_name("acerto")
    if beside.exists():
        return _exec_quote(str(beside))
    return f"{_exec_quote(sys.executable)} -m app"


def _exec_quote(arg: str) -> str:
    """One argument of a desktop entry's Exec key (quoted when it must be)."""
    if not any(c in arg for c in " \t\n\"'\\><~|&;$*?#()`%"):
        return arg
    escaped = arg.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`")
    return '"' + escaped.replace("$", "\\$").replace("%", "%%") + '"'


def desktop_entry() -> str:
    return "\n".join(
        [
            "[Desktop Entry]",
            "Type=Application",
            "Version=1.5",
            "Name=Acerto",
            "GenericName=Receivables reconciliation",
            "GenericName[pt_BR]=Conciliação de recebíveis",
            "GenericName[es]=Conciliación de cobros",
            "Comment=Orders, invoices, payments and their settlement",
            "Comment[pt_BR]=Pedidos, faturas, pagamentos e sua baixa",
            "Comment[es]=Pedidos, facturas, cobros y su liquidación",
            f"Exec={launcher()}",
            f"Icon={ICON_NAME}",
            "Terminal=false",
            "Categories=Office;Finance;",
            "Keywords=invoice;payment;receivables;accounting;",
            "",
        ]
    )


def _write(path: Path, data: bytes) -> None:
    """Written whole or not at all (a temporary file moved into place)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".partial")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _refresh_menu(folder: Path) -> None:
    """Desktops read the folder themselves; update-desktop-database, when
    installed, refreshes the cache some of them keep."""
    tool = shutil.which("update-desktop-database")
    if tool:
        subprocess.run([tool, str(folder)], capture_output=True, check=False)


def cmd_install_desktop(args: argparse.Namespace) -> int:
    entry, icon = entry_path(), icon_path()
    if args.remove:
        gone = [p for p in (entry, icon) if p.exists()]
        for path in gone:
            path.unlink()
        _refresh_menu(entry.parent)
        if not gone:
            out(_("Acerto was not in the application menu; nothing removed."))
        else:
            out(_("Removed from the application menu:"), *(f"  {p}" for p in gone))
        return 0
    try:
        _write(icon, ICON.read_bytes())
        _write(entry, desktop_entry().encode("utf-8"))
    except OSError as exc:
        raise UserError(
            _("The menu entry could not be written in {data_home}: {value}.").format(
                data_home=data_home(), value=exc.strerror or exc
            )
        ) from None
    _refresh_menu(entry.parent)
    out(
        _(
            "Acerto is in the application menu (Office); `acerto install-desktop --remove` "
            "takes it out."
        ),
        f"  {entry}",
        f"  {icon}",
    )
    return 0
