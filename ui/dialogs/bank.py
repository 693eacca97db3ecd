"""The Bank view (issue 11): statement lines on the left, the proposal on the right.

Keyboard first: the arrows move through the lines, Enter accepts the
proposal shown (or the invoices typed over it), and "Accept all" posts
every proposal at or above the confidence chosen, after saying how many.
What a line should settle, and why, is app/'s (app/rules/bank_match.py
through app/read/bank.py); accepting is app/'s services, through
`run_op` like every posting of the window.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDialog,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.exchange.bank import accept
from app.i18n import said_figure
from app.read import bank as bank_read
from app.rules.settlement import SettlementPreview
from app.rules.statement import AUTO_LEAST
from ui import i18n
from ui.context import BookContext
from ui.dialogs import bank_pick
from ui.dialogs.bank_import import StatementImport
from ui.dialogs.bank_preview import COL_APPLY, BankPreview
from ui.i18n import translate
from ui.ops import run_op

COLUMNS = (
    "Line",
    "Booked",
    "Account",
    "Amount",
    "Counterparty",
    "Text",
    "Proposal",
    "Confidence",
)
COL_ACCOUNT = 2
ELIDING = (4, 5)  # the payer and the remittance text
RIGHT = (0, 3, 7)  # figures


class BankDialog(StatementImport, QDialog):
    def __init__(self, ctx: BookContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(translate("Acerto", "Bank reconciliation"))
        self.resize(1180, 620)
        self.rows: list[tuple[Any, Any]] = []  # (bank line, proposal or None)
        outer = QVBoxLayout(self)

        outer.addLayout(self._top_bar())
        split = QSplitter(Qt.Orientation.Horizontal, self)
        self._make_table(split)
        right = self._side(split)
        split.addWidget(self.table)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        outer.addWidget(split, 1)
        outer.addLayout(self._bottom_bar())

        ctx.changed.connect(self.reload)
        self.reload()
        self.table.setFocus()

    def _top_bar(self) -> QHBoxLayout:
        """Import, the account a file goes to, and which lines to show."""
        top = QHBoxLayout()
        self.import_button = QPushButton(translate("Acerto", "&Import statement…"), self)
        self.import_button.clicked.connect(self.import_statement)
        top.addWidget(self.import_button)
        # The account a file goes to: the one it names (camt.053, OFX, Norma 43 and
        # MT940 do), or one chosen or typed here (a CSV file names none).
        label = QLabel(translate("Acerto", "&Account:"), self)
        self.account = QComboBox(self)
        self.account.setEditable(True)
        self.account.setMinimumContentsLength(18)
        self.account.setToolTip(
            translate(
                "Acerto",
                "The bank account the file's lines belong to; a CSV file names none, so choose "
                "or type it. Its CSV columns are kept for its next file.",
            )
        )
        label.setBuddy(self.account)
        self._fill_accounts()
        top.addWidget(label)
        top.addWidget(self.account)
        top.addWidget(QLabel(translate("Acerto", "Show:"), self))
        self.filter = QComboBox(self)
        for key, label in (("unmatched", "Unmatched"), ("matched", "Matched"), ("all", "All")):
            self.filter.addItem(translate("Acerto", label), key)
        self.filter.currentIndexChanged.connect(self.reload)
        top.addWidget(self.filter)
        top.addStretch(1)
        return top

    def _make_table(self, split: QSplitter) -> None:
        """The statement lines with their proposals."""
        self.table = QTableWidget(0, len(COLUMNS), split)
        self.table.setHorizontalHeaderLabels([translate("Acerto", c) for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The payer and the remittance text share what the figures leave, and elide
        # (their whole text is the tooltip); the proposal is never pushed off the edge.
        for c in ELIDING:
            head.setSectionResizeMode(c, QHeaderView.ResizeMode.Stretch)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setProperty("elidingColumns", list(ELIDING))
        self.table.itemSelectionChanged.connect(self.show_current)

    def _side(self, split: QSplitter) -> QWidget:
        """The chosen line: the invoices to settle, the preview, what is refused, Accept."""
        right = QWidget(split)
        side = QVBoxLayout(right)
        self.title = QLabel(right)
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: 600;")
        side.addWidget(self.title)
        # Money in: invoices and/or a customer (on account); money out: a refund.
        self.field_label = QLabel(right)
        side.addWidget(self.field_label)
        self.invoices = QLineEdit(right)
        self.field_label.setBuddy(self.invoices)
        self.choices = QStringListModel(self)
        self._numbers: dict[str, str] = {}  # a choice's label -> what choosing it types
        self._choices_out: bool | None = None  # the choices held: money out's, or money in's
        self._payers: dict[int, tuple[str, str] | None] = {}  # line -> its payer, as known
        completer = QCompleter(self.choices, self.invoices)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setWidget(self.invoices)  # driven by hand: the word after the last comma
        completer.activated.connect(self.choose_invoice)
        self.invoices.textEdited.connect(self.search_invoices)
        self.completer = completer
        side.addWidget(self.invoices)
        self.preview = BankPreview(right)
        self.explanation = self.preview.explanation
        side.addWidget(self.preview, 1)
        self._manual = False  # the bookkeeper typed an amount in the preview's Apply column
        self.invoices.textChanged.connect(self.typed_invoices)
        self.preview.table.itemChanged.connect(self.amount_edited)
        self.error = QLabel(right)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020; font-weight: 600;")
        side.addWidget(self.error)
        self.warning = QLabel(right)  # the payer known as another customer, before accepting
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #8a5300; font-weight: 600;")
        side.addWidget(self.warning)
        self.accept_button = QPushButton(translate("Acerto", "&Accept"), right)
        self.accept_button.setDefault(True)
        self.accept_button.clicked.connect(self.accept_current)
        side.addWidget(self.accept_button)
        self.posted = QLabel(right)  # what the last line accepted posted
        self.posted.setObjectName("posted")
        self.posted.setWordWrap(True)
        self.posted.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        side.addWidget(self.posted)
        return right

    def _bottom_bar(self) -> QHBoxLayout:
        """Accept every proposal at or above a confidence, and Close."""
        bottom = QHBoxLayout()
        bottom.addWidget(QLabel(translate("Acerto", "Accept every proposal at or above"), self))
        self.least = QDoubleSpinBox(self)
        self.least.setRange(0.0, 1.0)
        self.least.setSingleStep(0.05)
        self.least.setDecimals(2)
        self.least.setValue(float(AUTO_LEAST))  # what `bank match --auto` takes too
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
        return bottom

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
        self._choices_out = None
        self._payers.clear()
        cur = i18n.currency()
        names = bank_read.accounts_by_id()
        # The account shown when the lines are in more than one: the same movement
        # held in two accounts is two lines, not one listed twice.
        self.table.setColumnHidden(COL_ACCOUNT, len({r.account_id for r, _p in self.rows}) < 2)
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
                names[r.account_id],
                i18n.money(cur.from_minor(r.amount)),
                r.counterparty,
                r.remittance,
                settles,
                "" if p is None else said_figure(p.confidence, 2),
            )
            for c, v in enumerate(values):
                item = QTableWidgetItem(v)
                if c in ELIDING:
                    item.setToolTip(v)
                if c in RIGHT:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(n, c, item)
        self._fit_lines()
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
        self.warning.setText("")
        here = self.current()
        if here is None:
            return
        r, p = here
        out = r.amount < 0
        self.preview.settling.setVisible(not out)  # a payout settles no invoice
        self.field_label.setText(
            translate("Acerto", "Refund paid out (blank: as proposed):")
            if out
            else translate("Acerto", "Invoices or customer (blank: as proposed):")
        )
        self.invoices.setPlaceholderText(
            translate("Acerto", "type a refund's number or a name")
            if out
            else translate("Acerto", "type a number or a name")
        )
        cur = i18n.currency()
        who = r.counterparty or r.iban
        self.title.setText(
            f"{translate('Acerto', 'Line')} {r.id}: {i18n.money(cur.from_minor(r.amount))} "
            f"{translate('Acerto', 'on')} {i18n.day(r.value_date)}" + (f" — {who}" if who else "")
        )
        self.invoices.blockSignals(True)
        self.invoices.setText("")
        self.invoices.blockSignals(False)
        self._manual = False
        if r.status == "matched":
            doc = r.payment.number if r.payment is not None else r.refund.number
            self.preview.show_preview(None, translate("Acerto", "Matched: ") + doc)
        elif p is not None:
            self.show_proposal(p)
        self.accept_button.setEnabled(r.status == "unmatched")

    def _fit_lines(self) -> None:
        """The lines table at least as wide as its figures and every title (the
        payer and text columns elide to their titles' width, never below)."""
        head = self.table.horizontalHeader()
        eliding = ELIDING  # they share alike: each gets the room of the wider title
        want = len(eliding) * max(head.sectionSizeHint(c) for c in eliding)
        want += sum(
            max(self.table.sizeHintForColumn(c), head.sectionSizeHint(c))
            for c in range(self.table.columnCount())
            if c not in eliding and not self.table.isColumnHidden(c)
        )
        want += 2 * self.table.frameWidth() + self.table.verticalScrollBar().sizeHint().width()
        self.table.setMinimumWidth(want)

    def show_proposal(self, p: Any) -> None:
        self.preview.show_preview(
            p.preview,
            f"{p.reason}\n{translate('Acerto', 'Confidence')} " + said_figure(p.confidence, 2),
        )
        if p.kind not in ("none", "refund") and p.customer:
            self.warn(p.customer)

    def warn(self, customer: str) -> None:
        """The warning, when the line shown is posted as `customer`'s payment and its
        payer is known as another customer (read once a line: the matcher's book)."""
        r = self.rows[self.table.currentRow()][0]
        if r.id not in self._payers:
            self._payers[r.id] = bank_read.payer_of(r, customer)[0]  # (whoever it is posted as)
        known = self._payers[r.id]
        said = ""
        if known is not None and known[0] != customer:
            said = bank_pick.known_payer(r.id, customer, known)
        self.warning.setText(said)

    # ------------------------------------------------------------ the live preview

    def typed(self) -> list[str]:
        text = self.invoices.text().replace(";", ",")
        return [t.strip() for t in text.split(",") if t.strip()]

    def typed_invoices(self, _text: str = "") -> None:
        """Other invoices typed: the preview of accepting against them (the rules'
        amounts again), or the proposal's when the field is emptied."""
        self._manual = False
        self.recompute()

    def amount_edited(self, item: QTableWidgetItem) -> None:
        if item.column() == COL_APPLY:
            self._manual = True
            self.recompute()

    def recompute(self) -> None:
        """Show what accepting would post now; a sentence when it cannot."""
        self.error.setText("")
        self.warning.setText("")
        here = self.current()
        if here is None or here[0].status != "unmatched":
            return
        r, p = here
        typed = bank_pick.read_typed(self.typed(), r.amount < 0)
        if typed.problem or typed.refund is not None:
            self.show_refund(r, typed)
            return
        invoices = typed.invoices or (
            list(p.invoices) if p is not None and self._manual and not typed.customer else []
        )
        if not invoices and typed.customer is None:
            if p is not None:
                self.show_proposal(p)
            return
        try:
            amounts = self.preview.amounts() if self._manual else None
        except UserError as e:  # the rows as typed stay, to be put right
            self.preview.clear_figures()
            self.error.setText(str(e))
            return
        words = translate("Acerto", "As typed, before accepting:")
        if not invoices and typed.customer is not None:  # the money on account: nothing settled
            self.on_account(r, typed.customer, words)
            return
        try:
            named = bank_read.invoice_balances(invoices)
            shown = accept.preview(r.id, invoices, amounts, customer=typed.customer)
            payer = typed.customer or bank_read.invoice_customer(invoices[0])
        except UserError as e:
            self.preview.show_preview(None)
            self.error.setText(str(e))
            return
        self.preview.show_preview(shown, words, named)
        self.warn(payer)

    def on_account(self, r: Any, customer: str, words: str) -> None:
        """Money in typed as `customer`'s, no invoice: it all stays on their account
        (as accepting posts it: the payment, nothing settled)."""
        amount = i18n.currency().from_minor(r.amount)
        stays = translate("Acerto", "%1 stays on customer %2's account.")
        words += " " + stays.replace("%1", i18n.money(amount)).replace("%2", customer)
        self.preview.show_preview(SettlementPreview("", "payment", r.value_date, amount, ()), words)
        self.warn(customer)

    def show_refund(self, r: Any, typed: bank_pick.Typed) -> None:
        """A refund typed for a money-out line: what its payout would be, or why not (and
        why what was typed cannot be posted, for any line)."""
        words, problem = "", typed.problem
        if not problem and typed.refund is not None:
            words, problem = bank_pick.refund_shown(
                typed.refund, i18n.currency().from_minor(r.amount)
            )
        self.preview.show_preview(None, words)
        self.error.setText(problem)

    def count_sure(self) -> None:
        """How many proposals "Accept all" would post, and the money they move."""
        least = Decimal(str(round(self.least.value(), 2)))
        sure = [
            r for r, p in self.rows if p is not None and p.kind != "none" and p.confidence >= least
        ]
        n = len(sure)
        cur = i18n.currency()
        total = sum((cur.from_minor(abs(r.amount)) for r in sure), Decimal(0))
        # No count argument: lupdate keeps this a plain message, which a count would miss (issue 10).
        text = translate("Acerto", "%n proposal(s)").replace("%n", str(n))
        if n:
            text += " — " + i18n.money(total)
        self.sure.setText(text)
        self.all_button.setEnabled(n > 0)

    # ------------------------------------------------------------ typing invoices

    def search_invoices(self, text: str) -> None:
        """Type to search (number, customer's name): money in, the open invoices and the
        customers; money out, the open refunds. The last word typed after a comma is
        matched; the ones before it are kept."""
        here = self.current()
        out = here is not None and here[0].amount < 0
        if self._choices_out is not out:
            self._numbers = bank_pick.choices(out)
            self.choices.setStringList(list(self._numbers))
            self._choices_out = out
        word = text.rsplit(",", 1)[-1].strip()
        if word:
            self.completer.setCompletionPrefix(word)
            self.completer.complete()

    def choose_invoice(self, label: str) -> None:
        before = [t.strip() for t in self.invoices.text().split(",")[:-1] if t.strip()]
        self.invoices.setText(", ".join([*before, self._numbers.get(label, label)]))

    # ------------------------------------------------------------ posting

    def accept_current(self) -> None:
        """Post the line shown: as typed (invoices, a customer, a refund), else as proposed."""
        here = self.current()
        if here is None or here[0].status != "unmatched":
            return
        row, proposal = here
        typed = bank_pick.read_typed(self.typed(), row.amount < 0)
        if typed.problem:
            self.error.setText(typed.problem)
            self.invoices.setFocus()
            return
        invoices = typed.invoices
        if self._manual and not invoices and not typed.customer and proposal is not None:
            invoices = list(proposal.invoices)
        given = invoices or typed.customer or typed.refund
        if not given and (proposal is None or proposal.kind == "none"):
            self.error.setText(bank_pick.no_proposal(row, proposal))
            self.invoices.setFocus()
            return
        try:
            amounts = self.preview.amounts() if self._manual else None
        except UserError as e:
            self.error.setText(str(e))
            return
        line_id, refund, customer = row.id, typed.refund, typed.customer
        run_op(
            self,
            lambda: accept.accept(line_id, invoices, amounts, refund=refund, customer=customer),
            success=self._accepted,
            failure=self.error.setText,
        )

    def _accepted(self, done: accept.Accepted) -> None:
        """Say what was posted: the services' own figures, in the window's words."""
        self.error.setText("")
        self.posted.setText("\n".join(accept.said_posted(done, i18n.money, i18n.day)))

    def accept_sure(self) -> None:
        """Accept every proposal at or above the confidence, in a worker thread with
        a progress dialog that can cancel it (a large book takes seconds)."""
        least = Decimal(str(round(self.least.value(), 2)))

        def work(
            progress: Callable[[int, int], None], cancelled: Callable[[], bool]
        ) -> accept.AutoReport:
            return accept.accept_all(least, progress=progress, cancelled=cancelled)

        run_op(
            self,
            work,
            success=self._accepted_all,
            failure=self.error.setText,
            long=True,
            title=translate("Acerto", "Accepting the proposals"),
        )

    def _accepted_all(self, report: accept.AutoReport) -> None:
        refused = "\n".join(report.refused)
        self.error.setText(refused)

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.accept_current()
            return
        super().keyPressEvent(event)
