"""Anonymous usage counts per day: which sections were opened, how often the walkthrough ran.

Nothing about a person is stored: only the local date, the event name, a
section id and a count. A locked or corrupt database never stops the kiosk;
the counts are then kept in memory and written when the database works again.
"""

from __future__ import annotations

import csv
import logging
import sqlite3
from collections import Counter
from collections.abc import Callable
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import TextIO

import platformdirs

log = logging.getLogger(__name__)

EVENTS = ("section_opened", "walkthrough_started", "walkthrough_finished")
MAX_KEY_LENGTH = 200
LOCK_TIMEOUT_SECONDS = 0.5  # the screen must not freeze waiting for another writer
CSV_HEADER = ("day", "event", "key", "count")

CREATE_TABLE = """
CREATE TABLE IF NOT EXISTS usage (
    day TEXT NOT NULL,
    event TEXT NOT NULL,
    key TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (day, event, key)
)
"""
ADD_COUNT = """
INSERT INTO usage (day, event, key, count) VALUES (?, ?, ?, ?)
ON CONFLICT (day, event, key) DO UPDATE SET count = count + excluded.count
"""

Row = tuple[str, str, str, int]


def default_usage_path() -> Path:
    return platformdirs.user_data_path("kiosk", appauthor=False) / "usage.sqlite3"


class UsageLog:
    def __init__(
        self,
        path: Path | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        self.path = Path(path) if path is not None else default_usage_path()
        self._today = today
        self._unsaved: Counter[tuple[str, str, str]] = Counter()
        self._failing = False

    def record(self, event: str, key: str = "") -> None:
        if event not in EVENTS:
            raise ValueError(f"unknown usage event {event!r}; expected one of {EVENTS}")
        self._unsaved[(self._today().isoformat(), event, str(key)[:MAX_KEY_LENGTH])] += 1
        self._save()

    def today(self) -> list[tuple[str, str, int]]:
        day = self._today().isoformat()
        return [(event, key, count) for row_day, event, key, count in self.rows() if row_day == day]

    def rows(self) -> list[Row]:
        """Every (day, event, key, count), oldest day first, counting unsaved ones too.

        While the database cannot be read, only the counts held in memory show.
        """
        totals: Counter[tuple[str, str, str]] = Counter(self._unsaved)
        for day, event, key, count in self._saved_rows():
            totals[(day, event, key)] += count
        return [(*group, count) for group, count in sorted(totals.items())]

    def export_csv(self, stream: TextIO) -> int:
        """Write the counts as CSV (day,event,key,count); returns the number of rows."""
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(CSV_HEADER)
        rows = self.rows()
        writer.writerows(rows)
        return len(rows)

    def _save(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with closing(self._connect()) as connection, connection:
                connection.execute(CREATE_TABLE)
                connection.executemany(
                    ADD_COUNT, [(*group, count) for group, count in self._unsaved.items()]
                )
        except (sqlite3.Error, OSError) as exc:
            self._report_failure(exc)
            return
        self._unsaved.clear()
        if self._failing:
            log.info("usage counts: %s works again; saved the counts kept in memory", self.path)
            self._failing = False

    def _saved_rows(self) -> list[Row]:
        if not self.path.exists():
            return []
        try:
            with closing(self._connect()) as connection:
                connection.execute(CREATE_TABLE)
                return connection.execute(
                    "SELECT day, event, key, count FROM usage ORDER BY day, event, key"
                ).fetchall()
        except sqlite3.Error as exc:
            self._report_failure(exc)
            return []

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=LOCK_TIMEOUT_SECONDS)

    def _report_failure(self, exc: Exception) -> None:
        if not self._failing:
            log.warning("usage counts: cannot use %s (%s); counting in memory", self.path, exc)
            self._failing = True
