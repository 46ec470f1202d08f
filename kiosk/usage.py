"""Anonymous usage counts per day: which sections were opened, how often the walkthrough ran.

Nothing about a person is stored: only the local date, the event name, a key (a section id,
say) and a count, in one table any new event can use. Counts are kept in memory and written
by a worker thread, so a slow or locked database never holds up the screen; what cannot be
written yet is written later. A file at the database's path that is not a usage database
(garbage, another program's tables, a folder) is moved aside, kept under a timestamped name,
and a fresh database is started, with a problem for the staff menu.
"""

from __future__ import annotations

import csv
import logging
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable
from contextlib import closing
from datetime import date, datetime
from pathlib import Path
from typing import TextIO

import platformdirs

from kiosk.problems import Problem, error

log = logging.getLogger(__name__)

# Keys start with the language ("es/side-effects.md", "es"); a question's key is its id
# ("es/after:ride-home"). Nothing links one count to another or to a time within the day.
EVENTS = (
    "section_opened",
    "walkthrough_started",
    "walkthrough_finished",  # the summary was reached, however the patient left it
    "question_right",  # a patient's first answer to a teach-back question
    "question_wrong",
    "helpful_yes",
    "helpful_no",
    "handout_shown",
    "handout_printed",
)
MAX_KEY_LENGTH = 200
WRITE_TIMEOUT_SECONDS = 5.0  # the writer thread waits this long for another program's lock
READ_TIMEOUT_SECONDS = 0.2  # a read from the screen's thread (rare) waits at most this
RETRY_SECONDS = 10.0  # while the database cannot be written, try again this often
CSV_HEADER = ("day", "event", "key", "count")
COLUMNS = ("day", "event", "key", "count")
TABLE = "usage"
BROKEN_CODES = {sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT}  # not a lock: the file is bad

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
SELECT_ALL = "SELECT day, event, key, count FROM usage ORDER BY day, event, key"

Row = tuple[str, str, str, int]
Group = tuple[str, str, str]


class UsageDatabaseError(Exception):
    """The file at the usage database's path cannot be used; the message says why (it reads
    after the path: "<path>: not a usage database (...)")."""


def default_usage_path() -> Path:
    return platformdirs.user_data_path("kiosk", appauthor=False) / "usage.sqlite3"


def _connect(path: Path, timeout: float) -> sqlite3.Connection:
    return sqlite3.connect(path, timeout=timeout)


def check_database(path: Path, timeout: float = READ_TIMEOUT_SECONDS) -> None:
    """Raise UsageDatabaseError if `path` holds something other than a usage database.

    A missing or empty file is fine (a fresh database). A lock held by another program is
    not a fault of the file: sqlite3.OperationalError goes to the caller.
    """
    if path.is_dir():
        raise UsageDatabaseError("a folder, not a usage database")
    if not path.exists():
        return
    try:
        with closing(_connect(path, timeout)) as connection:
            tables = [name for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
            )]  # fmt: skip
            if tables and TABLE not in tables:
                raise UsageDatabaseError(
                    f"another program's tables ({', '.join(sorted(tables)[:5])}), not usage counts"
                )
            if TABLE in tables:
                columns = tuple(row[1] for row in connection.execute("PRAGMA table_info(usage)"))
                if columns != COLUMNS:
                    raise UsageDatabaseError(
                        f"a usage table with columns ({', '.join(columns)}), "
                        f"not ({', '.join(COLUMNS)})"
                    )
            (verdict,) = connection.execute("PRAGMA quick_check").fetchone()
            if verdict != "ok":
                raise UsageDatabaseError(f"damaged ({verdict})")
    except sqlite3.Error as exc:
        if getattr(exc, "sqlite_errorcode", None) in BROKEN_CODES:
            raise UsageDatabaseError(f"not a usage database ({exc})") from exc
        raise


def read_rows(path: Path) -> list[Row]:
    """Every saved (day, event, key, count), oldest day first; raises UsageDatabaseError."""
    path = Path(path)
    try:
        check_database(path)
        if not path.exists():
            return []
        with closing(_connect(path, READ_TIMEOUT_SECONDS)) as connection:
            if not connection.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (TABLE,)
            ).fetchone():
                return []
            return connection.execute(SELECT_ALL).fetchall()
    except sqlite3.Error as exc:
        raise UsageDatabaseError(f"cannot be read now ({exc})") from exc


def write_csv(rows: list[Row], stream: TextIO) -> int:
    """Write the counts as CSV (day,event,key,count); returns the number of rows."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(rows)
    return len(rows)


def move_aside(path: Path, now: datetime | None = None) -> Path:
    """Rename a bad database (and its journal files) to `<name>.bad-<timestamp>`; the new name."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.bad-{stamp}")
    number = 1
    while target.exists():
        number += 1
        target = path.with_name(f"{path.name}.bad-{stamp}-{number}")
    path.rename(target)
    for suffix in ("-journal", "-wal", "-shm"):
        extra = path.with_name(path.name + suffix)
        if extra.exists():
            extra.rename(target.with_name(target.name + suffix))
    return target


class UsageLog:
    """The kiosk's counts: `record` only counts in memory; a worker thread writes them."""

    def __init__(self, path: Path | None = None, today: Callable[[], date] = date.today) -> None:
        self.path = Path(path) if path is not None else default_usage_path()
        self._today = today
        self.problems: list[Problem] = []  # for the staff menu
        self._lock = threading.Condition()
        self._unsaved: Counter[Group] = Counter()
        self._writing: Counter[Group] = Counter()
        self._saved: Counter[Group] | None = None  # loaded from the database once
        self._wake = threading.Event()
        self._stopping = False
        self._failing = False
        self._cannot_move = False  # a bad file that could not be moved aside: counts stay here
        self._thread: threading.Thread | None = None
        self._prepared = False  # the database checked (and moved aside if bad)

    # -- the screen's side: never waits for the database ------------------------------------
    def record(self, event: str, key: str = "") -> None:
        if event not in EVENTS:
            raise ValueError(f"unknown usage event {event!r}; expected one of {EVENTS}")
        with self._lock:
            self._unsaved[(self._today().isoformat(), event, str(key)[:MAX_KEY_LENGTH])] += 1
        self.start()
        self._wake.set()

    def today(self) -> list[tuple[str, str, int]]:
        day = self._today().isoformat()
        return [(event, key, count) for row_day, event, key, count in self.rows() if row_day == day]

    def rows(self) -> list[Row]:
        """Every (day, event, key, count) known, saved or not, oldest day first."""
        if self._saved is None and self._thread is None:
            self._load_saved(READ_TIMEOUT_SECONDS)  # not started (a command, a test): read now
        with self._lock:
            totals = Counter(self._saved or {}) + self._writing + self._unsaved
        return [(*group, count) for group, count in sorted(totals.items())]

    # -- the worker thread ------------------------------------------------------------------
    def start(self) -> None:
        """Start the writer (it checks the database first); later calls do nothing."""
        with self._lock:
            if self._thread is not None or self._stopping:
                return
            self._thread = threading.Thread(target=self._run, name="usage-writer", daemon=True)
        self._thread.start()

    def flush(self, timeout: float = WRITE_TIMEOUT_SECONDS * 2) -> bool:
        """Wait until every count so far is written; False if that did not happen in time."""
        self.start()
        self._wake.set()
        with self._lock:
            return self._lock.wait_for(
                lambda: self._prepared and not self._unsaved and not self._writing, timeout
            )

    def close(self, timeout: float = 2.0) -> None:
        """Write what is left (waiting at most `timeout`) and stop the writer."""
        with self._lock:
            self._stopping = True
            thread = self._thread
        self._wake.set()
        if thread is not None:
            thread.join(timeout)
        with self._lock:
            left = sum(self._unsaved.values()) + sum(self._writing.values())
        if left:
            log.warning("usage counts: %d not written to %s before closing", left, self.path)

    def _run(self) -> None:
        self._prepare()
        with self._lock:
            self._prepared = True
            self._lock.notify_all()
        while True:
            self._wake.wait(RETRY_SECONDS if self._failing else None)
            self._wake.clear()
            self._write()
            if self._stopping:
                return

    def _prepare(self) -> None:
        try:
            check_database(self.path, WRITE_TIMEOUT_SECONDS)
        except UsageDatabaseError as exc:
            self._set_aside(str(exc))
        except sqlite3.Error:
            pass  # locked or unreachable now: reading and writing will report and retry
        self._load_saved(WRITE_TIMEOUT_SECONDS)

    def _set_aside(self, reason: str) -> None:
        try:
            kept = move_aside(self.path)
        except OSError as exc:
            self._cannot_move = True
            self._report(error(self.path, f"{reason}; it cannot be moved aside ({exc})"))
            return
        self._report(
            error(self.path, f"{reason}; kept as {kept.name}, counting starts afresh here")
        )

    def _report(self, problem: Problem) -> None:
        log.warning("usage counts: %s", problem)
        self.problems.append(problem)

    def _load_saved(self, timeout: float) -> None:
        rows: list[Row] = []
        if self.path.is_file():
            try:
                with closing(_connect(self.path, timeout)) as connection:
                    if connection.execute(
                        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (TABLE,)
                    ).fetchone():
                        rows = connection.execute(SELECT_ALL).fetchall()
            except sqlite3.Error as exc:
                if not self._failed(exc):
                    return
        with self._lock:
            self._saved = Counter({(day, event, key): count for day, event, key, count in rows})

    def _write(self) -> None:
        if self._saved is None:  # not read at start (locked then): read first, or the
            self._load_saved(WRITE_TIMEOUT_SECONDS)  # counts shown would miss the saved ones
            if self._saved is None:
                return
        with self._lock:
            if not self._unsaved:
                return
            batch, self._writing, self._unsaved = self._unsaved, self._unsaved, Counter()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with closing(_connect(self.path, WRITE_TIMEOUT_SECONDS)) as connection, connection:
                connection.execute(CREATE_TABLE)
                connection.executemany(ADD_COUNT, [(*g, n) for g, n in batch.items()])
        except (sqlite3.Error, OSError) as exc:
            with self._lock:
                self._unsaved.update(batch)  # kept in memory, written at the next try
                self._writing = Counter()
                self._lock.notify_all()
            self._failed(exc)
            return
        with self._lock:
            self._saved.update(batch)
            self._writing = Counter()
            self._lock.notify_all()
        if self._failing:
            log.info("usage counts: %s works again; saved the counts kept in memory", self.path)
            self._failing = False

    def _failed(self, exc: Exception) -> bool:
        """Report a failure once; True if the file was bad and is now moved aside."""
        broken = getattr(exc, "sqlite_errorcode", None) in BROKEN_CODES
        if broken and self.path.is_file() and not self._cannot_move:
            self._set_aside(f"not a usage database ({exc})")
            if not self.path.exists():
                self._wake.set()  # write the counts into a fresh database at once
                return True
        if not self._failing:
            log.warning("usage counts: cannot use %s (%s); counting in memory", self.path, exc)
            self._failing = True
        return False
