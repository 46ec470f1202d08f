"""The top bar keeps every word whole: on a narrow screen the controls move to a second row."""

from __future__ import annotations

import pytest

from kiosk.ui.layout_audit import audit

LONG_NAME = "Lakeshore Infusion and Headache Center"


@pytest.mark.parametrize("size", [(1280, 800), (800, 1280)])
@pytest.mark.parametrize("step", [1, 5])
def test_a_long_clinic_name_and_every_label_fit(make_window, settings, size, step):
    window = make_window(settings_=settings.replace(clinic_name=LONG_NAME), size=size)
    window.top_bar.listen_button.setEnabled(True)  # as on a tablet with a speech engine
    window.set_text_step(step)
    window.open_section(window.pack.sections[0].id)
    bar = window.top_bar
    assert bar.listen_button.isVisible() and bar.listen_button.text() == "Listen"
    assert bar.two_rows == (size[0] < 1000)
    found = [str(f) for f in audit("top bar", window)]
    assert not [f for f in found if "ClinicName" in f or "Button" in f], found


def test_the_controls_come_back_to_one_row_when_the_screen_turns(qtbot, make_window, settings):
    window = make_window(settings_=settings.replace(clinic_name=LONG_NAME), size=(800, 1280))
    window.open_section(window.pack.sections[0].id)  # Home shows: no room for all in one row
    bar = window.top_bar
    assert bar.two_rows
    language, home = bar.language_button, bar.home_button
    qtbot.waitUntil(lambda: language.geometry().top() > home.geometry().bottom())
    window.resize(1920, 1080)
    assert not bar.two_rows
    qtbot.waitUntil(
        lambda: abs(language.geometry().center().y() - home.geometry().center().y()) < 4
    )
