"""The Bank view (issue 11): statement lines on the left, the proposal on the right.

Keyboard first: the arrows move through the lines, Enter accepts the
proposal shown (or the invoices typed over it), and "Accept all" posts
every proposal at or above the confidence chosen, after saying how many.
What a line should settle, and why, is app/'s (app/rules/bank_match.py
through app/read/bank.py); accepting is app/'s services, through
`run_op` like every posting of the window.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.exchange.bank import accept, read_statements
from app.read import bank as bank_read
from app.services import bank
from ui import i18n
from ui.context import BookContext
from ui.i18n import translate
from ui.ops import run_op

COLUMNS = ("Line", "Booked", "Amount", "Counterparty", "Text", "Proposal", "Confidence")


class BankDialog(QDialog):
    def __init__(self, ctx: BookContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(translate("Acerto", "Bank reconciliation"))
        self.resize(1180, 620)
        self.rows: list[tuple[Any, Any]] = []  # (bank line, proposal or None)
        outer = QVBoxLayout(self)

        top = QHBoxLayout()
        self.import_button = QPushButton(translate("Acerto", "&Import statement…"), self)
        self.import_button.clicked.connect(self.import_statement)
        top.addWidget(self.import_button)
        top.addWidget(QLabel(translate("Acerto", "Show:"), self))
        self.filter = QComboBox(self)
        for key, label in (("unmatched", "Unmatched"), ("matched", "Matched"), ("all", "All")):
            self.filter.addItem(translate("Acerto", label), key)
        self.filter.currentIndexChanged.connect(self.reload)
        top.addWidget(self.filter)
        top.addStretch(1)
        outer.addLayout(top)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        self.table = QTableWidget(0, len(COLUMNS), split)
        self.table.setHorizontalHeaderLabels([translate("Acerto", c) for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self.show_current)
        right = QWidget(split)
        side = QVBoxLayout(right)
        self.title = QLabel(right)
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: 600;")
        side.addWidget(self.title)
        side.addWidget(
            QLabel(translate("Acerto", "Invoices to settle (blank: as proposed):"), right)
        )
        self.invoices = QLineEdit(right)
        self.invoices.setPlaceholderText(translate("Acerto", "type a number or a name"))
        self.choices = QStringListModel(self)
        self._numbers: dict[str, str] = {}  # a choice's label -> its invoice number
        completer = QCompleter(self.choices, self.invoices)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setWidget(self.invoices)  # driven by hand: the word after the last comma
        completer.activated.connect(self.choose_invoice)
        self.invoices.textEdited.connect(self.search_invoices)
        self.completer = completer
        side.addWidget(self.invoices)
        self.explanation = QPlainTextEdit(right)
        self.explanation.setReadOnly(True)
        side.addWidget(self.explanation, 1)
        self.error = QLabel(right)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020; font-weight: 600;")
        side.addWidget(self.error)
        self.accept_button = QPushButton(translate("Acerto", "&Accept"), right)
        self.accept_button.setDefault(True)
        self.accept_button.clicked.connect(self.accept_current)
        side.addWidget(self.accept_button)
        split.addWidget(self.table)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        outer.addWidget(split, 1)

        bottom = QHBoxLayout()
        bottom.addWidget(QLabel(translate("Acerto", "Accept every proposal at or above"), self))
        self.least = QDoubleSpinBox(self)
        self.least.setRange(0.0, 1.0)
        self.least.setSingleStep(0.05)
        self.least.setDecimals(2)
        self.least.setValue(0.90)
        self.least.valueChanged.connect(self.count_sure)
        bottom.addWidget(self.least)
        self.sure = QLabel(self)
        bottom.addWidget(self.sure)
        self.all_button = QPushButton(translate("Acerto", "Accept a&ll"), self)
        self.all_button.clicked.connect(self.accept_sure)
        bottom.addWidget(self.all_button)
        bottom.addStretch(1)
        close = QPushButton(translate("Acerto", "Close"), self)
        close.clicked.connect(self.reject)
        bottom.addWidget(close)
        outer.addLayout(bottom)

        ctx.changed.connect(self.reload)
        self.reload()
        self.table.setFocus()

    # ------------------------------------------------------------ reading

    def reload(self) -> None:
        which = self.filter.currentData()
        lines = bank_read.lines(unmatched=which == "unmatched")
        if which == "matched":
            lines = [r for r in lines if r.status == "matched"]
        proposed = dict(
            (r.id, p) for r, p in bank_read.proposals([r for r in lines if r.status == "unmatched"])
        )
        self.rows = [(r, proposed.get(r.id)) for r in lines]
        self.choices.setStringList([])  # read again when next typed: the book changed
        cur = i18n.currency()
        self.table.setRowCount(len(self.rows))
        for n, (r, p) in enumerate(self.rows):
            settles = ""
            if r.status == "matched":
                settles = translate("Acerto", "matched")
            elif p is not None:
                settles = (
                    ", ".join(p.invoices)
                    or (p.refund or "")
                    or (translate("Acerto", "on account") if p.kind == "account" else "—")
                )
            values = (
                str(r.id),
                i18n.day(r.booking_date),
                i18n.money(cur.from_minor(r.amount)),
                r.counterparty,
                r.remittance,
                settles,
                "" if p is None else f"{p.confidence:.2f}",
            )
            for c, v in enumerate(values):
                item = QTableWidgetItem(v)
                if c in (0, 2, 6):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(n, c, item)
        if self.rows:
            self.table.selectRow(0)
            self.show_current()  # the same row may have been selected before
        else:
            self.title.setText(translate("Acerto", "No statement lines here. Import a statement."))
            self.explanation.setPlainText("")
        self.count_sure()

    def current(self) -> tuple[Any, Any] | None:
        n = self.table.currentRow()
        return self.rows[n] if 0 <= n < len(self.rows) else None

    def show_current(self) -> None:
        self.error.setText("")
        here = self.current()
        if here is None:
            return
        r, p = here
        cur = i18n.currency()
        who = r.counterparty or r.iban
        self.title.setText(
            f"{translate('Acerto', 'Line')} {r.id}: {i18n.money(cur.from_minor(r.amount))} "
            f"{translate('Acerto', 'on')} {i18n.day(r.value_date)}" + (f" — {who}" if who else "")
        )
        self.invoices.setText("")
        if r.status == "matched":
            doc = r.payment.number if r.payment is not None else r.refund.number
            self.explanation.setPlainText(translate("Acerto", "Matched: ") + doc)
        elif p is not None:
            self.explanation.setPlainText(
                f"{p.explanation}\n\n{translate('Acerto', 'Confidence')} {p.confidence:.2f}"
            )
        self.accept_button.setEnabled(r.status == "unmatched")

    def count_sure(self) -> None:
        least = Decimal(str(round(self.least.value(), 2)))
        n = sum(
            1 for r, p in self.rows if p is not None and p.kind != "none" and p.confidence >= least
        )
        # No count argument: lupdate keeps this a plain message, which a count would miss (issue 10).
        self.sure.setText(translate("Acerto", "%n proposal(s)").replace("%n", str(n)))
        self.all_button.setEnabled(n > 0)

    # ------------------------------------------------------------ typing invoices

    def search_invoices(self, text: str) -> None:
        """Type to search the open invoices (number, customer's name): the last word
        typed after a comma is matched; the ones before it are kept."""
        if not self.choices.stringList():
            self._numbers = dict((label, n) for n, label in bank_read.open_invoice_choices())
            self.choices.setStringList(list(self._numbers))
        word = text.rsplit(",", 1)[-1].strip()
        if word:
            self.completer.setCompletionPrefix(word)
            self.completer.complete()

    def choose_invoice(self, label: str) -> None:
        before = [t.strip() for t in self.invoices.text().split(",")[:-1] if t.strip()]
        self.invoices.setText(", ".join([*before, self._numbers.get(label, label)]))

    # ------------------------------------------------------------ posting

    def accept_current(self) -> None:
        here = self.current()
        if here is None or here[0].status != "unmatched":
            return
        typed = [t.strip() for t in self.invoices.text().replace(";", ",").split(",") if t.strip()]
        line_id, proposal = here[0].id, here[1]
        if not typed and (proposal is None or proposal.kind == "none"):
            why = "" if proposal is None else proposal.reason
            self.error.setText(
                translate("Acerto", "Line %1 has no proposal: type the invoices it pays.").replace(
                    "%1", str(line_id)
                )
                + (f" ({why})" if why else "")
            )
            self.invoices.setFocus()
            return
        run_op(
            self,
            lambda: accept.accept(line_id, typed),
            success=lambda done: self.error.setText(""),
            failure=self.error.setText,
        )

    def accept_sure(self) -> None:
        least = Decimal(str(round(self.least.value(), 2)))
        run_op(
            self,
            lambda: accept.accept_all(least),
            success=self._accepted_all,
            failure=self.error.setText,
        )

    def _accepted_all(self, report: accept.AutoReport) -> None:
        refused = "\n".join(report.refused)
        self.error.setText(refused)

    def import_statement(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            translate("Acerto", "Import statement"),
            "",
            translate(
                "Acerto",
                "Bank statements (*.xml *.ofx *.qfx *.n43 *.txt *.sta *.940 *.csv);;All files (*)",
            ),
        )
        if path:
            self.import_file(path)

    def import_file(self, path: str) -> None:
        def work() -> bank.StoreReport:
            return bank.store_statements(read_statements(path), path.rsplit("/", 1)[-1])

        def done(report: bank.StoreReport) -> None:
            text = translate("Acerto", "%1 line(s) added, %2 already in the book.")
            self.error.setText(
                "\n".join(
                    [
                        text.replace("%1", str(report.added)).replace("%2", str(report.known)),
                        *report.gaps,
                    ]
                )
            )

        run_op(self, work, success=done, failure=self.error.setText)

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.accept_current()
            return
        super().keyPressEvent(event)
