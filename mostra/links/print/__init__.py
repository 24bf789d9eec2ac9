"""Printable supports carrying a QR code: business card, A5 flyer, A4 poster and an A4
sheet of stickers, each with a call to action, the short address in text and the
workspace's accounts, rendered to PDF by WeasyPrint."""

from mostra.links.print.sheets import SHEETS, AccountLine, Sheet, render_sheet, sheet_named

__all__ = ["SHEETS", "AccountLine", "Sheet", "render_sheet", "sheet_named"]
