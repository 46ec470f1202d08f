"""The entry chain: which content folder the kiosk uses (settings layers: test_settings_layers)."""

from __future__ import annotations

import argparse

from kiosk import app, resources
from kiosk.settings import Settings


def args(**values) -> argparse.Namespace:
    return argparse.Namespace(config=values.get("config"), content=values.get("content"))


def test_content_folder_order(tmp_path):
    settings = Settings.defaults(tmp_path / "kiosk.toml")
    assert app.content_folder(args(), settings) == resources.content_dir()
    assert app.content_folder(args(content=tmp_path), settings) == tmp_path
    other = settings.replace(content_dir=tmp_path / "c")
    assert app.content_folder(args(), other) == tmp_path / "c"


def test_garbage_is_collected_while_a_self_test_draws_and_after_the_kiosk_stops(
    monkeypatch, qapp, tmp_path
):
    """The collector waits only for a kiosk's first frame: a self-test (a thousand screens,
    no first frame) runs with it on, and it is on again whatever way the kiosk returns."""
    import gc

    import kiosk.selftest
    from kiosk.cli import run_parser

    for kind in ("CONFIG", "DATA", "STATE", "CACHE"):
        monkeypatch.setenv(f"XDG_{kind}_HOME", str(tmp_path / kind))
    seen = []

    def fake_self_test(settings, library, screenshots=None, windowed=False):
        seen.append(gc.isenabled())
        return 0

    monkeypatch.setattr(kiosk.selftest, "run_self_test", fake_self_test)
    gc.disable()  # as kiosk.cli.main leaves it
    try:
        assert app.run(run_parser().parse_args(["--self-test", "--windowed"])) == 0
        assert seen == [True]
        assert gc.isenabled()
    finally:
        gc.enable()
