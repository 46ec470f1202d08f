"""The patient session: a fresh one comes from the settings; changes make a new value."""

from __future__ import annotations

import dataclasses

import pytest

from kiosk.session import PatientSession


def test_a_fresh_session_starts_from_the_settings(settings):
    clinic = settings.replace(default_language="es", default_text_size=4, high_contrast=True)
    session = PatientSession.fresh(clinic, ["en", "es"])
    assert (session.language, session.text_step, session.high_contrast) == ("es", 4, True)
    assert session.history == () and session.scroll_positions == {} and session.ticked == set()
    assert session.walkthrough_step == 0 and session.home_scroll == 0 and not session.speaking


def test_a_default_language_without_content_falls_back_to_the_first_one(settings):
    session = PatientSession.fresh(settings.replace(default_language="fr"), ["es", "en"])
    assert session.language == "es"


def test_two_fresh_sessions_are_equal_and_a_changed_one_is_not(settings):
    first = PatientSession.fresh(settings, ["en"])
    assert first == PatientSession.fresh(settings, ["en"])
    assert dataclasses.replace(first, ticked=frozenset({"a"})) != first


def test_a_session_is_changed_only_by_making_a_new_one(settings):
    session = PatientSession.fresh(settings, ["en"])
    with pytest.raises(dataclasses.FrozenInstanceError):
        session.language = "es"  # type: ignore[misc]
