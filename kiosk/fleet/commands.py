"""``kiosk pack create|sign|install|rollback|status``: signed content packs from the command line.

Each prints one line per outcome; a refused pack is one line that says why, and
exit code 1. Every command takes ``--config PATH`` like the rest of the CLI.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk.fleet.packs import PackProblem

# The signing and checking modules load when a pack command runs, not with every command.


def add_parser(sub) -> None:
    pack = sub.add_parser("pack", help="signed content packs: create, sign, install, roll back")
    actions = pack.add_subparsers(dest="action", required=True)
    create = actions.add_parser("create", help="pack a content folder that passes check --strict")
    create.add_argument("dir", type=Path, help="content folder")
    create.add_argument("-o", "--output", type=Path, required=True, metavar="PACK.tar.gz")
    create.add_argument("--version", help="pack version (default: the date and time)")
    sign = actions.add_parser("sign", help="write PACK.minisig, as 'minisign -Sm PACK' does")
    sign.add_argument("pack", type=Path)
    sign.add_argument("-s", "--secret-key", type=Path, required=True, metavar="KEY")
    install = actions.add_parser("install", help="verify, check and switch to a pack")
    install.add_argument("pack", type=Path)
    actions.add_parser("rollback", help="go back to the previous pack")
    actions.add_parser("status", help="print the active pack's version and sha256")
    for parser in actions.choices.values():
        parser.add_argument("--config", type=Path, metavar="PATH", help="settings file (TOML)")


def run(args: argparse.Namespace, store=None) -> int:
    from kiosk.fleet.pack_store import PackStore
    from kiosk.fleet.signing import SignatureProblem

    store = store or PackStore()
    try:
        return ACTIONS[args.action](args, store)
    except (PackProblem, SignatureProblem) as exc:
        print(f"kiosk pack {args.action}: refused: {exc}", file=sys.stderr)
        return 1


def _create(args: argparse.Namespace, _store) -> int:
    from kiosk.content.check import check_folder, shown_problem
    from kiosk.fleet import packs

    if not args.dir.is_dir():
        raise PackProblem(f"{args.dir} is not a folder")
    report = check_folder(args.dir)
    if report.exit_code(strict=True):
        for problem in report.problems:
            print(shown_problem(problem), file=sys.stderr)
        raise PackProblem(f"{args.dir} fails 'kiosk check --strict' ({report.summary_line()})")
    manifest = packs.create(args.dir, args.output, args.version)
    print(f"{args.output}: version {manifest.version}, {len(manifest.files)} files")
    return 0


def _sign(args: argparse.Namespace, _store) -> int:
    from kiosk.fleet import signing

    out = signing.sign(args.pack, args.secret_key)
    print(f"{out}: signed")
    return 0


def _install(args: argparse.Namespace, store) -> int:
    entry = store.install(args.pack, _key(args))
    print(f"installed {entry.version} (sha256 {entry.sha256}); a running kiosk shows it at home")
    return 0


def _rollback(_args: argparse.Namespace, store) -> int:
    entry = store.rollback()
    print(
        f"rolled back to {entry.version} (sha256 {entry.sha256}); a running kiosk shows it at home"
    )
    return 0


def _status(_args: argparse.Namespace, store) -> int:
    active, previous = store.active(), store.previous()
    if active is None:
        print("active: none (the kiosk shows its bundled or configured content)")
        return 0
    print(f"active: {active.version} sha256 {active.sha256} installed {active.installed}")
    if previous is not None:
        print(f"previous: {previous.version} sha256 {previous.sha256}")
    return 0


def _key(args: argparse.Namespace) -> str:
    from kiosk.settings import load_settings

    return load_settings(getattr(args, "config", None)).content_public_key


ACTIONS = {
    "create": _create,
    "sign": _sign,
    "install": _install,
    "rollback": _rollback,
    "status": _status,
}
