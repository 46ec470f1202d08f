"""The guided "What to expect" walkthrough: one step per screen, then a checklist summary."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.content.model import ContentPack, Step
from kiosk.content.render import SECTION_SCHEME, render
from kiosk.ui import icons
from kiosk.ui.gestures import make_flickable
from kiosk.ui.more_below import MoreBelow
from kiosk.ui.page_text import PageText
from kiosk.ui.question_block import QuestionBlock
from kiosk.ui.session_holder import SessionHolder
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import ChecklistItem, big_button, nav_row, wrapped_label

COLUMN_EM = 34  # keeps lines to about 70 characters
HEADER_ICON_PX = 72  # beside the heading; the same at every text size so the words get the room


class WalkthroughScreen(QWidget):
    """Steps through pack.walkthrough; the index len(steps) is the summary screen."""

    finished = Signal()
    homeRequested = Signal()  # Back on the first step: out of the walkthrough, as a swipe does
    sectionLinkClicked = Signal(str)
    stepShown = Signal(int)
    summaryReached = Signal()  # once a run: the walkthrough counts as finished
    takeHomeRequested = Signal()
    questionAnswered = Signal(str, bool)  # question id, right; only a patient's first answer

    def __init__(
        self, sessions: SessionHolder, theme: Theme, body_px: int, reduce_motion: bool = False
    ):
        super().__init__()
        self.setObjectName("Screen")
        self.sessions = sessions
        self.theme, self.body_px = theme, body_px
        self.pack: ContentPack | None = None
        self.stage_labels: list[QLabel] = []
        self.items: list[ChecklistItem] = []
        self.quiz: list[QuestionBlock] = []
        self.take_home_button: QPushButton | None = None

        self.stage_row = QHBoxLayout()
        self.counter = wrapped_label(name="StepCounter")
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        progress_row = QHBoxLayout()
        progress_row.setSpacing(16)
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.counter)
        header = QVBoxLayout()
        header.setContentsMargins(24, 8, 24, 0)
        header.setSpacing(6)
        header.addLayout(self.stage_row)
        header.addLayout(progress_row)

        self.step_scroll = QScrollArea()
        self.step_scroll.setWidgetResizable(True)
        self.step_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.step_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # arrow keys scroll; taps leave no ring
        self.step_scroll.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        make_flickable(self.step_scroll, reduce_motion)
        self.more_below = MoreBelow(self.step_scroll, theme)

        self.back_button = big_button("Back", name="WalkthroughBack")
        self.next_button = big_button("Next", primary=True, name="WalkthroughNext")
        self.back_button.clicked.connect(self._back_clicked)
        self.next_button.clicked.connect(self.go_next)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.step_scroll, 1)
        layout.addLayout(nav_row(self.back_button, self.next_button))

    # -- the patient's place and ticks, kept in the session ---------------------------
    @property
    def index(self) -> int:
        return self.sessions.session.walkthrough_step

    @property
    def ticked(self) -> frozenset[str]:
        return self.sessions.session.ticked

    # -- navigation ------------------------------------------------------------------
    @property
    def steps(self) -> list[Step]:
        return self.pack.walkthrough.steps if self.pack else []

    def _pack(self) -> ContentPack:
        """The pack whose walkthrough is shown (a step is only shown after start())."""
        if self.pack is None:
            raise RuntimeError("the walkthrough has not been started")
        return self.pack

    def start(self, pack: ContentPack, index: int = 0) -> None:
        self.pack = pack
        self.show_index(index)

    def go_next(self) -> None:
        if self.index >= len(self.steps):
            self.finished.emit()
        else:
            self.show_index(self.index + 1)

    def go_back(self) -> bool:
        """One step back; False when already at the first step."""
        if self.index == 0:
            return False
        self.show_index(self.index - 1)
        return True

    def _back_clicked(self) -> None:
        if not self.go_back():
            self.homeRequested.emit()

    def on_summary(self) -> bool:
        return self.index >= len(self.steps)

    def show_index(self, index: int) -> None:
        self.sessions.update(walkthrough_step=max(0, min(index, len(self.steps))))
        ui = self._pack().ui
        self._build_stage_row()
        total = len(self.steps)
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(self.index + 1, total))
        self.back_button.setText(ui["back"])
        self.back_button.setAccessibleName(ui["back"])
        if self.on_summary():
            self.counter.setText("")
            self.next_button.setText(ui["finish"])
            self._show_summary()
        else:
            self.counter.setText(ui["step_of"].format(n=self.index + 1, total=total))
            self.next_button.setText(ui["next"])
            self._show_step(self.steps[self.index])
        self.next_button.setAccessibleName(self.next_button.text())
        self._describe_buttons()
        self._order_focus()
        self.stepShown.emit(self.index)
        if self.on_summary() and not self.sessions.session.summary_reached:
            self.sessions.update(summary_reached=True)
            self.summaryReached.emit()

    def _describe_buttons(self) -> None:
        """Back and Next say where they lead: the step's title, the checklist, the start."""
        ui, steps = self._pack().ui, self.steps
        back = steps[self.index - 1].title if self.index > 0 else ui["home_description"]
        if self.on_summary():
            onward = ui["home_description"]
        elif self.index + 1 < len(steps):
            onward = steps[self.index + 1].title
        else:
            onward = ui["summary_title"]
        self.back_button.setAccessibleDescription(back)
        self.next_button.setAccessibleDescription(onward)

    def _order_focus(self) -> None:
        """Tab reads like the screen: the page and its checklist, then Back, then Next."""
        take_home = [self.take_home_button] if self.on_summary() and self.take_home_button else []
        answers = [button for block in self.quiz for button in block.buttons]
        chain: list[QWidget] = [
            self.step_scroll,
            *take_home,
            *self.items,
            *answers,
            self.back_button,
            self.next_button,
        ]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _build_stage_row(self) -> None:
        while self.stage_row.count():
            item = self.stage_row.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget:
                widget.hide()
                widget.deleteLater()
        self.stage_labels = []
        current = None if self.on_summary() else self.steps[self.index].stage
        for stage in self._pack().walkthrough.stages:
            label = wrapped_label(stage.title, name="StageLabel")  # wraps at large text sizes
            label.setProperty("current", stage.key == current)
            label.setAccessibleName(stage.title)
            self.stage_labels.append(label)
            self.stage_row.addWidget(label)
        self.stage_row.addStretch(1)

    # -- pages -----------------------------------------------------------------------
    def _page(self) -> tuple[QWidget, QVBoxLayout]:
        page = QWidget()
        outer = QHBoxLayout(page)
        column = QWidget()
        column.setMaximumWidth(self.body_px * COLUMN_EM)
        layout = QVBoxLayout(column)
        layout.setContentsMargins(24, 8, 24, 24)
        layout.setSpacing(round(self.body_px * 0.8))
        outer.addStretch(1)
        outer.addWidget(column, 100)
        outer.addStretch(1)
        return page, layout

    def _show_step(self, step: Step) -> None:
        page, layout = self._page()
        icon = QLabel()
        icon_px = HEADER_ICON_PX
        colour = self.theme.icon_colour
        icon.setPixmap(icons.icon_pixmap(step.icon, colour, icon_px, self._pack().root))
        icon.setFixedSize(icon_px, icon_px)
        heading = QHBoxLayout()  # the icon beside the heading: the step's words start high up
        heading.setSpacing(16)
        heading.addWidget(icon, 0, Qt.AlignmentFlag.AlignVCenter)
        heading.addWidget(wrapped_label(step.title, name="Heading"), 1)
        layout.addLayout(heading)
        ids = self._pack().section_ids
        html = render(step.body, step.path, self._pack().root, ids).html
        body = PageText(self._pack().root, html, self.theme, self.body_px)
        body.setObjectName("StepBody")
        body.linkActivated.connect(self._link)
        layout.addWidget(body)
        self.items = []
        for entry in step.checklist:
            layout.addWidget(self._checklist_item(entry))
        self.quiz = []
        stage = self._stage_ending_at(step)
        if stage is not None and stage.questions:
            layout.addWidget(wrapped_label(self._pack().ui["check_title"], name="Heading"))
            for question in stage.questions:
                block = QuestionBlock(question, self._pack().ui, self.theme)
                block.answered.connect(self._answered)
                block.answered.connect(lambda *_a, b=block: self._reveal_feedback(b))
                block.show_answer(self.sessions.session.answers.get(question.id))
                self.quiz.append(block)
                layout.addWidget(block)
        layout.addStretch(1)
        self.step_scroll.setWidget(page)

    def _stage_ending_at(self, step: Step):
        """The stage whose last step this is, else None."""
        for stage in self._pack().walkthrough.stages:
            if stage.steps and stage.steps[-1] is step:
                return stage
        return None

    def _reveal_feedback(self, block: QuestionBlock) -> None:
        """Scroll the feedback into view once the page has made room for it."""
        QTimer.singleShot(
            0, block, lambda: self.step_scroll.ensureWidgetVisible(block.feedback, 0, 24)
        )

    def _answered(self, question_id: str, choice: int, right: bool) -> None:
        answers = self.sessions.session.answers
        first = question_id not in answers
        self.sessions.update(answers={**answers, question_id: choice})
        if first:
            self.questionAnswered.emit(question_id, right)

    def _show_summary(self) -> None:
        ui = self._pack().ui
        page, layout = self._page()
        layout.addWidget(wrapped_label(ui["summary_title"], name="Heading"))
        checklist = self._pack().walkthrough.checklist
        layout.addWidget(wrapped_label(ui["summary_intro"] if checklist else ui["summary_empty"]))
        self.quiz = []
        self.take_home_button = big_button(ui["take_home"], primary=True, name="TakeHome")
        self.take_home_button.clicked.connect(self.takeHomeRequested)
        layout.addWidget(self.take_home_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.items = []
        for stage in self._pack().walkthrough.stages:
            entries = [e for step in stage.steps for e in step.checklist]
            if not entries:
                continue
            layout.addWidget(wrapped_label(stage.title, name="Muted"))
            for entry in entries:
                layout.addWidget(self._checklist_item(entry))
        layout.addStretch(1)
        self.step_scroll.setWidget(page)

    def _checklist_item(self, entry) -> ChecklistItem:
        """A tickable item that remembers its tick across steps and the summary."""
        item = ChecklistItem(entry.id, entry.text, self.theme, state_words=self._state_words())
        item.setChecked(entry.id in self.ticked)
        item.toggled.connect(lambda on, key=entry.id: self._tick(key, on))
        self.items.append(item)
        return item

    def _state_words(self) -> tuple[str, str]:
        ui = self._pack().ui
        return ui["ticked"], ui["not_ticked"]

    def _tick(self, key: str, on: bool) -> None:
        ticked = self.ticked | {key} if on else self.ticked - {key}
        self.sessions.update(ticked=ticked)

    def _link(self, href: str) -> None:
        if href.startswith(f"{SECTION_SCHEME}:"):
            self.sectionLinkClicked.emit(href.split(":", 1)[1])  # "other.md" or "other.md#heading"

    # -- state -----------------------------------------------------------------------
    def set_look(self, theme: Theme, body_px: int) -> None:
        self.theme, self.body_px = theme, body_px
        self.more_below.set_theme(theme)
        if self.pack is not None:
            self.show_index(self.index)
