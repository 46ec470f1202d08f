"""A running kiosk takes signed packs from its inbox and shows them at the home screen only;
a bad pack is refused and the kiosk keeps what it shows; a rollback from a terminal is
picked up too. Keys and signatures come from the real minisign tool."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import Qt

from kiosk import cli
from kiosk.fleet.pack_store import PackStore
from kiosk.ui.fleet import Fleet
from tests.fleet_packs import Keys, make_pack, needs_minisign
from tests.helpers import tap_tile
from tests.test_fleet_metrics import value

pytestmark = needs_minisign
LEFT = Qt.MouseButton.LeftButton
SECTION = "about-this-information.md"


def title_shown(window) -> str:
    return window.library.packs["en"].section(SECTION).title


def drop(pack, inbox) -> None:
    """Copy a pack into the inbox the way a sync tool does: the pack, then its signature."""
    shutil.copy(pack, inbox / pack.name)
    signature = pack.with_name(pack.name + ".minisig")
    if signature.exists():
        shutil.copy(signature, inbox / signature.name)


@pytest.fixture
def fleet_kiosk(qtbot, start_kiosk, settings, tmp_path):
    keys = Keys(tmp_path / "keys")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    config = tmp_path / "kiosk.toml"
    config.write_text(f'content_public_key = "{keys.key_line}"\n', encoding="utf-8")
    window, mode = start_kiosk(
        settings.replace(
            content_inbox=inbox,
            content_public_key=keys.key_line,
            metrics_file=str(tmp_path / "kiosk.prom"),
        ),
        watch_content=True,
    )
    window.kiosk_mode = mode
    fleet = Fleet(window, mode.settings)
    yield window, fleet, keys, inbox, config
    fleet.stop()


def test_an_inbox_pack_is_applied_at_home_only(qtbot, fleet_kiosk, tmp_path):
    window, fleet, keys, inbox, _config = fleet_kiosk
    before = title_shown(window)
    tap_tile(qtbot, window, 0)
    assert window.current_screen() == "section"

    with qtbot.waitSignal(fleet.inbox.installed, timeout=30_000) as installed:
        drop(make_pack(tmp_path, keys, "2", title="Read this first"), inbox)
    assert installed.args == ["2"]
    assert PackStore().active().version == "2"
    assert window.current_screen() == "section", "a patient reading is never interrupted"
    assert title_shown(window) == before

    qtbot.mouseClick(window.top_bar.home_button, LEFT)
    qtbot.waitUntil(lambda: title_shown(window) == "Read this first", timeout=10_000)
    assert window.current_screen() == "home"
    assert window.library.root == PackStore().active_content()
    assert value(tmp_path / "kiosk.prom", "kiosk_info", content_version="2") == 1


def test_a_bad_pack_in_the_inbox_is_refused_and_nothing_changes(qtbot, fleet_kiosk, tmp_path):
    window, fleet, keys, inbox, _config = fleet_kiosk
    before = title_shown(window)
    pack = make_pack(tmp_path, Keys(tmp_path / "other"), "2", title="Not ours")
    with qtbot.waitSignal(fleet.inbox.refused, timeout=30_000) as refused:
        drop(pack, inbox)
    assert "is signed by another key" in refused.args[0]
    assert value(tmp_path / "kiosk.prom", "kiosk_content_packs_refused_total") == 1
    assert PackStore().active() is None
    assert title_shown(window) == before


def test_a_rollback_from_a_terminal_is_shown_at_home(qtbot, fleet_kiosk, tmp_path, capsys):
    window, fleet, keys, inbox, config = fleet_kiosk
    for version, title in (("2", "Second"), ("3", "Third")):
        with qtbot.waitSignal(fleet.inbox.installed, timeout=30_000):
            drop(make_pack(tmp_path, keys, version, title=title), inbox)
        qtbot.waitUntil(lambda title=title: title_shown(window) == title, timeout=10_000)

    assert cli.main(["pack", "rollback", "--config", str(config)]) == 0
    assert "rolled back to 2" in capsys.readouterr().out
    qtbot.waitUntil(lambda: title_shown(window) == "Second", timeout=10_000)
