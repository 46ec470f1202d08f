"""The session holder: names each changed field, and says when the session is replaced."""

from __future__ import annotations

from kiosk.session import PatientSession
from kiosk.ui.session_holder import SessionHolder


def test_update_names_only_the_fields_whose_value_changed(qtbot, settings):
    holder = SessionHolder(PatientSession.fresh(settings, ["en", "es"]))
    names = []
    holder.changed.connect(names.append)
    holder.update(language="es", text_step=holder.session.text_step, history=("a.md",))
    assert sorted(names) == ["history", "language"]
    assert holder.session.language == "es" and holder.session.history == ("a.md",)


def test_replace_hands_the_new_session_to_its_listeners(qtbot, settings):
    holder = SessionHolder(PatientSession.fresh(settings, ["en"]))
    holder.update(ticked=frozenset({"bring-id"}))
    fresh = PatientSession.fresh(settings, ["en"])
    with qtbot.waitSignal(holder.sessionReplaced, check_params_cb=lambda s: s is fresh):
        holder.replace(fresh)
    assert holder.session is fresh
