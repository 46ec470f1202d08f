"""The command line: `kiosk` starts the kiosk; sub-commands serve staff and clinic IT."""

from __future__ import annotations

import argparse
import datetime
import gc
import logging
import sys
from pathlib import Path

from kiosk import __version__

COMMANDS = (
    "check", "set-pin", "config", "stats", "export-html", "handout", "pack", "speech-check"
)  # fmt: skip


def run_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="A full-screen, touch-friendly patient education kiosk.",
        epilog="Staff commands: kiosk check [DIR], kiosk set-pin, kiosk config --describe, "
        "kiosk config --show, kiosk stats --csv, kiosk export-html DIR, kiosk handout, "
        "kiosk speech-check. "
        "Use 'kiosk COMMAND --help' for each.",
    )
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    parser.add_argument(
        "--windowed", action="store_true", help="a normal 1280x800 window (staff, development)"
    )
    parser.add_argument("--content", type=Path, metavar="DIR", help="content folder to show")
    parser.add_argument("--config", type=Path, metavar="PATH", help="settings file (TOML)")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="load the content, build and render every screen once, print a summary and exit "
        "(0: no errors, 1: errors)",
    )
    parser.add_argument(
        "--screenshots",
        type=Path,
        metavar="DIR",
        help="with --self-test: draw every screen at every text size, language and screen "
        "shape into DIR and fail on clipped text, overlapping or small controls",
    )
    parser.add_argument(
        "--watchdog",
        action="store_true",
        help="run the kiosk and restart it if it dies or hangs (hang_seconds)",
    )
    return parser


def command_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="check a content folder and print every problem")
    check.add_argument(
        "dir", nargs="?", type=Path, help="content folder (default: the bundled content)"
    )
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.add_argument("--json", action="store_true", help="print JSON for tools")
    check.add_argument(
        "--max-grade", type=float, default=8.0, help="warn above this English reading grade (8)"
    )
    check.add_argument(
        "--today",
        type=datetime.date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="check review dates as on this day (default: today)",
    )
    pin = sub.add_parser("set-pin", help="set the staff PIN (stores only a salted hash)")
    pin.add_argument("--config", type=Path, metavar="PATH", help="settings file (TOML)")
    config = sub.add_parser("config", help="describe the settings, or show the effective ones")
    what = config.add_mutually_exclusive_group(required=True)
    what.add_argument("--describe", action="store_true", help="print every option")
    what.add_argument(
        "--show", action="store_true", help="print each effective value and the file it came from"
    )
    config.add_argument("--config", type=Path, metavar="PATH", help="settings file (TOML)")
    stats = sub.add_parser("stats", help="anonymous usage counts")
    stats.add_argument("--csv", action="store_true", required=True, help="print all counts as CSV")
    stats.add_argument(
        "--database", type=Path, metavar="PATH", help="usage database (default: user data folder)"
    )
    export = sub.add_parser("export-html", help="write the content as a static web site")
    export.add_argument("dir", type=Path, help="folder to write the site into")
    export.add_argument("--config", type=Path, metavar="PATH", help="settings file (TOML)")
    sheet = sub.add_parser("handout", help="write a take-home handout as a PDF")
    which = sheet.add_mutually_exclusive_group(required=True)
    which.add_argument("--walkthrough", action="store_true", help="the walkthrough's checklist")
    which.add_argument("--section", metavar="ID", help="a section's key points (its file name)")
    sheet.add_argument("--lang", metavar="L", help="language code (default: the settings')")
    sheet.add_argument("--pdf", type=Path, metavar="OUT.pdf", required=True, help="PDF to write")
    sheet.add_argument("--config", type=Path, metavar="PATH", help="settings file (TOML)")
    speech = sub.add_parser("speech-check", help="can this computer read aloud? (exit 0: yes)")
    speech.add_argument(
        "--engine", metavar="NAME", help="Qt text-to-speech engine (default: the settings')"
    )
    speech.add_argument("--config", type=Path, metavar="PATH", help="settings file (TOML)")
    from kiosk.fleet.commands import add_parser as add_pack_parser

    add_pack_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in COMMANDS:
        try:
            args = command_parser().parse_args(argv)
        except SystemExit as exc:
            return int(exc.code or 0)
        return run_command(args)
    try:
        args = run_parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if args.watchdog:
        from kiosk.logs import setup_logging
        from kiosk.settings import load_settings
        from kiosk.watchdog import run_watchdog

        setup_logging(False, file_name="watchdog.log")
        hang_seconds = load_settings(args.config).hang_seconds
        return run_watchdog([a for a in argv if a != "--watchdog"], hang_seconds=hang_seconds)
    gc.disable()  # until the first frame: kiosk.app.run turns the collector back on
    from kiosk.app import run

    try:
        return run(args)
    except Exception as exc:  # logged with its traceback; the watchdog starts a fresh kiosk
        logging.getLogger("kiosk").exception("the kiosk stopped")
        print(f"kiosk: {type(exc).__name__}: {exc} (details in the log)", file=sys.stderr)
        return 1


def run_command(args: argparse.Namespace) -> int:
    if args.command == "check":
        from kiosk.content.check import main as check_main

        return check_main(args)
    if args.command == "set-pin":
        from kiosk.settings.commands import set_pin

        return set_pin(args.config)
    if args.command == "config":
        from kiosk.settings.commands import describe, show

        return show(args.config, sys.stdout) if args.show else describe(sys.stdout)
    if args.command == "pack":
        from kiosk.fleet.commands import run as run_pack

        return run_pack(args)
    if args.command == "stats":
        from kiosk.usage import UsageDatabaseError, default_usage_path, read_rows, write_csv

        path = args.database or default_usage_path()
        try:
            rows = read_rows(path)
        except UsageDatabaseError as exc:
            print(f"kiosk stats: {path}: {exc}; nothing exported", file=sys.stderr)
            return 1
        write_csv(rows, sys.stdout)
        return 0
    if args.command == "export-html":
        from kiosk.takehome_commands import export_html

        return export_html(args)
    if args.command == "handout":
        from kiosk.takehome_commands import write_handout

        return write_handout(args)
    if args.command == "speech-check":
        from kiosk.ui.speech_check import check_speech

        if args.engine is None:
            from kiosk.settings import load_settings

            args.engine = load_settings(args.config).speech_engine
        return check_speech(args.engine)
    return 2
