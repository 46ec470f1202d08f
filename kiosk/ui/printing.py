"""Printing a handout on the clinic's printer, named in the settings: never a dialog.

A printer that is missing, stopped or out of paper gives a reason in plain words; the
patient sees a calm message and can still scan the code.
"""

from __future__ import annotations

import logging

from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from kiosk.ui.handout_sheet import Sheet, layout, paint

log = logging.getLogger(__name__)


def find_printer(name: str) -> QPrinter | None:
    """The named printer, ready for a handout; None when the system does not know it."""
    info = QPrinterInfo.printerInfo(name) if name else QPrinterInfo()
    if info.isNull():
        return None
    return QPrinter(info, QPrinter.PrinterMode.HighResolution)


def print_sheet(sheet: Sheet, printer: QPrinter | None) -> str | None:
    """Print the handout; None when it went to the printer, else the reason (for the log)."""
    if printer is None:
        return "printer not found"
    if not printer.isValid():
        return f"printer {printer.printerName()!r} is not available"
    printer.setPageLayout(layout())
    printer.setDocName(sheet.handout.title)
    if not paint(printer, sheet):
        return f"printer {printer.printerName()!r} cannot start a page"
    if printer.printerState() in (QPrinter.PrinterState.Error, QPrinter.PrinterState.Aborted):
        return f"printer {printer.printerName()!r} reports an error (paper? offline?)"
    return None
