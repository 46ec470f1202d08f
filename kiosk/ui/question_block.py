"""One teach-back question: big answer buttons, then kind feedback with the reason. No score."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QVBoxLayout

from kiosk.content.model import Question
from kiosk.ui import icons
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import WrappingButton, wrapped_label


class QuestionBlock(QFrame):
    answered = Signal(str, int, bool)  # question id, the answer tapped, right

    def __init__(self, question: Question, ui: dict[str, str], theme: Theme) -> None:
        super().__init__()
        self.setObjectName("Question")
        self.question, self.ui, self.theme = question, ui, theme
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 8)
        layout.setSpacing(12)
        self.label = wrapped_label(question.text, name="QuestionText")
        layout.addWidget(self.label)
        self.buttons = []
        for number, answer in enumerate(question.answers):
            button = WrappingButton(answer, name="Answer", description=question.text)
            button.setCheckable(True)
            button.clicked.connect(lambda _checked=False, n=number: self.choose(n))
            self.buttons.append(button)
            layout.addWidget(button)
        self.feedback = wrapped_label(name="Feedback")
        self.feedback.hide()
        layout.addWidget(self.feedback)

    def choose(self, number: int) -> None:
        self.show_answer(number)
        self.answered.emit(self.question.id, number, number == self.question.right)

    def show_answer(self, number: int | None) -> None:
        """Mark the tapped answer and say whether it is right, with the reason."""
        question, theme = self.question, self.theme
        for index, button in enumerate(self.buttons):
            button.setChecked(index == number)
            right = number is not None and index == question.right
            size = button.fontMetrics().height()
            button.set_mark(icons.icon_pixmap("check", theme.text, size) if right else None)
        if number is None:
            self.feedback.hide()
            return
        if number == question.right:
            opening = self.ui["check_right"]
        else:
            answer = question.answers[question.right]
            answer += "" if answer.endswith((".", "!", "?")) else "."
            opening = self.ui["check_wrong"].format(answer=answer)
        self.feedback.setText(f"{opening}\n{question.explanation}")
        self.feedback.setAccessibleName(self.feedback.text())
        edge = theme.accent if number == question.right else theme.border
        self.feedback.setStyleSheet(
            f"background: {theme.surface}; color: {theme.text}; border: 3px solid {edge};"
            "border-radius: 12px; padding: 12px;"
        )
        self.feedback.show()
