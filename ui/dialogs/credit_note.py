"""Credit note against an invoice, by amount or by lines, with the
discount netting of SPEC §3.4 previewed by app/."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from app.read import queries
from app.services import credit_notes
from ui import i18n
from ui.context import BookContext
from ui.dialogs.base import (
    AmountOrLines,
    PostingDialog,
    fill,
    journal_and_explanation,
    journal_rows,
)
from ui.dialogs.documents import totals_grid
from ui.i18n import translate


class CreditNoteDialog(PostingDialog):
    ok_text = "Post credit note"

    def __init__(
        self, ctx: BookContext, parent: QWidget | None = None, invoice: str | None = None
    ) -> None:
        super().__init__(ctx, translate("Acerto", "Credit note"), parent)
        self.setMinimumSize(760, 640)
        self.invoice, self.date = self.number_and_date(
            translate("Acerto", "&Invoice:"), invoice, "INV-000001"
        )
        self.choice = AmountOrLines(
            self,
            translate("Acerto", "Credit:"),
            translate("Acerto", "By &lines"),
            (translate("Acerto", "Quantity"), translate("Acerto", "Credit quantity")),
            lines_first=False,
            table_height=110,
        )
        self.amount, self.table = self.choice.amount, self.choice.table
        self.reason = QLineEdit(self)
        self.form.addRow(translate("Acerto", "&Reason:"), self.reason)
        box, lay = self.group(translate("Acerto", "Preview"))
        grid, self.figures = totals_grid(
            box,
            ["Credit", "Reduces the balance by", "Cash discount reversed", "Owed to the customer"],
        )
        lay.addLayout(grid)
        self.journal, self.explanation = journal_and_explanation(box, lay, 90)
        self.invoice.textChanged.connect(self.refresh)
        self.date.dateChanged.connect(self.refresh)
        self.finish_layout()

    def _args(self) -> dict[str, object]:
        number = self.invoice.text().strip()
        if not number:
            self.fail(
                self.invoice, translate("Acerto", "Type the number of the invoice to credit.")
            )
        self.choice.load(number, lambda: self._lines(number))
        amount, lines = self.choice.value(
            translate("Acerto", "Type the quantity to credit on at least one line.")
        )
        args: dict[str, object] = {"invoice": number, "on": self.date.value()}
        if lines is None:
            args["amount"] = amount
        else:
            args["lines"] = lines
        return args

    def _lines(self, number: str) -> list[list[str]]:
        data = self.field(self.invoice, lambda: queries.show_invoice(number))
        return [
            [
                str(ln["line"]),
                ln["description"],
                i18n.quantity(ln["quantity"]),
                i18n.money(ln["unit_price"]),
            ]
            for ln in data["lines"]
        ]

    def compute(self) -> None:
        for label in self.figures.values():
            label.setText("—")
        fill(self.journal, [])
        self.explanation.setPlainText("")
        p = credit_notes.preview_credit_note(**self._args())  # type: ignore[arg-type]
        self.figures["Credit"].setText(i18n.money(p.credit))
        self.figures["Reduces the balance by"].setText(i18n.money(p.reduces_balance))
        self.figures["Cash discount reversed"].setText(i18n.money(p.discount_reversed))
        self.figures["Owed to the customer"].setText(i18n.money(p.owed_to_customer))
        fill(self.journal, journal_rows(p.settlement.journal), right={1, 2})
        self.explanation.setPlainText(p.settlement.explanation)

    def post(self) -> str:
        cn = credit_notes.create_credit_note(reason=self.reason.text().strip(), **self._args())  # type: ignore[arg-type]
        return translate("Acerto", "Credit note {number} posted.").format(number=cn.number)
