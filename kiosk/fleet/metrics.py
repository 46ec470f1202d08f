"""Fleet health as a Prometheus node_exporter textfile: counts only, never anything per patient.

node_exporter's textfile collector reads every ``*.prom`` file in its folder;
``write_to_textfile`` writes a temporary file and renames it, so a scrape never
sees half a file. The kiosk rewrites it at least every minute (the heartbeat)
and after each event.
"""

from __future__ import annotations

import logging
import os
import time
from datetime import datetime
from pathlib import Path

import prometheus_client
from prometheus_client import CollectorRegistry, Counter, Gauge, write_to_textfile

from kiosk import __version__
from kiosk.watchdog import CRASHES_ENV, HANGS_ENV

log = logging.getLogger(__name__)
prometheus_client.disable_created_metrics()  # *_created series only add noise to a textfile


class FleetMetrics:
    def __init__(self, path: Path, env=os.environ) -> None:
        self.path = Path(path)
        self.registry = registry = CollectorRegistry()
        self.heartbeat = Gauge(
            "kiosk_heartbeat_timestamp_seconds",
            "When the kiosk last wrote this file (Unix time)",
            registry=registry,
        )
        self.info = Gauge(
            "kiosk_info",
            "The kiosk's version and the content version it shows",
            ["version", "content_version"],
            registry=registry,
        )
        self.start_time = Gauge(
            "kiosk_start_time_seconds", "When this kiosk process started", registry=registry
        )
        self.content_created = Gauge(
            "kiosk_content_created_timestamp_seconds",
            "When the content pack shown was made (0: not a pack)",
            registry=registry,
        )
        self.crashes = Counter(
            "kiosk_watchdog_crashes", "Crashes the watchdog restarted", registry=registry
        )
        self.hangs = Counter(
            "kiosk_watchdog_hangs", "Hangs the watchdog killed and restarted", registry=registry
        )
        self.sections = Counter(
            "kiosk_sections_opened", "Sections opened", ["lang"], registry=registry
        )
        self.walkthroughs_started = Counter(
            "kiosk_walkthroughs_started", "Walkthroughs started", ["lang"], registry=registry
        )
        self.walkthroughs_finished = Counter(
            "kiosk_walkthroughs_finished",
            "Walkthroughs whose summary was reached",
            ["lang"],
            registry=registry,
        )
        self.questions = Counter(
            "kiosk_questions_answered",
            "Teach-back questions, by a patient's first answer (result: right or wrong)",
            ["lang", "result"],
            registry=registry,
        )
        self.helpful = Counter(
            "kiosk_helpful_answers",
            '"Was this helpful?" answers (answer: yes or no)',
            ["lang", "answer"],
            registry=registry,
        )
        self.handouts = Counter(
            "kiosk_handouts",
            "Handouts (action: shown or printed)",
            ["lang", "action"],
            registry=registry,
        )
        self.idle_resets = Counter(
            "kiosk_idle_resets", "Returns to the start after nobody touched it", registry=registry
        )
        self.packs_refused = Counter(
            "kiosk_content_packs_refused", "Content packs refused", registry=registry
        )
        self.content_problems = Gauge(
            "kiosk_content_problems", "Problems found in the content shown", registry=registry
        )
        self.settings_problems = Gauge(
            "kiosk_settings_problems", "Problems found in the settings file", registry=registry
        )
        self.speech = Gauge(
            "kiosk_speech_available", "1 when the kiosk can read aloud", registry=registry
        )
        self.start_time.set(time.time())
        self.crashes.inc(_count(env.get(CRASHES_ENV)))
        self.hangs.inc(_count(env.get(HANGS_ENV)))
        self._failed = False

    def set_content(self, version: str, created: str = "") -> None:
        self.info.clear()
        self.info.labels(version=__version__, content_version=version).set(1)
        self.content_created.set(_timestamp(created))

    def write(self) -> bool:
        """Write the file now; a failure is logged once and never stops the kiosk."""
        self.heartbeat.set(time.time())
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_to_textfile(str(self.path), self.registry)
        except OSError as exc:
            if not self._failed:
                log.warning("cannot write the metrics file %s: %s", self.path, exc)
            self._failed = True
            return False
        self._failed = False
        return True


def _count(text: str | None) -> int:
    return int(text) if text and text.isdigit() else 0


def _timestamp(iso: str) -> float:
    try:
        return datetime.fromisoformat(iso).timestamp() if iso else 0.0
    except ValueError:
        return 0.0
