"""When the nightly restart is due: ``restart_at = "03:00"`` means the first moment after 03:00
local time that finds the kiosk at home and idle. Empty means never."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

TIME_PATTERN = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")


def parse_time(text: str) -> time | None:
    """``"03:00"`` as a time; None for empty text. Raises ValueError for anything else."""
    text = text.strip()
    if not text:
        return None
    found = TIME_PATTERN.fullmatch(text)
    if not found:
        raise ValueError(f'restart_at must be a time like "03:00" (24-hour), not {text!r}')
    return time(int(found.group(1)), int(found.group(2)))


def next_restart(started: datetime, at: time) -> datetime:
    """The first ``at`` strictly after ``started`` (today's if still ahead, else tomorrow's)."""
    today = started.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
    return today if today > started else today + timedelta(days=1)
