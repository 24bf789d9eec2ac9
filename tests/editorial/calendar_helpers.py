"""Reading the calendar's HTML as a user reads it: what is in which day's cell."""

from __future__ import annotations

import datetime as dt


def day_cell(html: str, day: dt.date | str, time: str | None = None) -> str:
    """The HTML of one day's cell (month view), or of one hour slot (week view)."""
    iso = day.isoformat() if isinstance(day, dt.date) else day
    marker = f'data-drop-date="{iso}"' + (f' data-drop-time="{time}"' if time else "")
    start = html.index(marker)
    return html[start : html.index("</td>", start)]


def days_with(html: str, text: str) -> list[str]:
    """The dates of the cells that contain ``text``."""
    return [
        part[:10]
        for part in html.split('data-drop-date="')[1:]
        if text in part.split("</td>", 1)[0]
    ]
