"""Printing a PDF the app wrote: the system's print dialog, then the system's spooler.

Qt's print dialog (QtPrintSupport) chooses the printer and the copies. Qt
cannot draw a PDF without the QtPdf add-on (not in PySide6 Essentials), so
the file goes to the spooler as it is: `lp` on Linux and macOS (CUPS takes
PDF), the shell's "print" verb on Windows; "Print to file" copies the PDF.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QWidget

from app.errors import UserError
from ui.i18n import translate


def spool_command(path: str, printer: str, copies: int) -> list[str] | None:
    """The spooler's command for `path`, or None where there is none."""
    lp = shutil.which("lp")
    if lp is None:
        return None
    command = [lp, "-n", str(max(copies, 1))]
    if printer:
        command += ["-d", printer]
    return [*command, "--", path]


def print_pdf(parent: QWidget, path: str, title: str) -> bool:
    """Ask for the printer and send `path` to it; False when the dialog was cancelled."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(title)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    send(printer, path)
    return True


def send(printer: QPrinter, path: str) -> None:
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
        shutil.copyfile(path, printer.outputFileName())
        return
    if sys.platform == "win32":  # pragma: no cover - the shell's print verb
        os.startfile(path, "print")  # type: ignore[attr-defined]
        return
    command = spool_command(path, printer.printerName(), printer.copyCount())
    if command is None:
        raise UserError(
            translate("Acerto", "There is no print spooler (lp) here; save the PDF and print it.")
        )
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=60)
    if done.returncode != 0:
        raise UserError(
            translate("Acerto", "The printer refused {name}: {why}").format(
                name=Path(path).name, why=(done.stderr or done.stdout).strip()
            )
        )
