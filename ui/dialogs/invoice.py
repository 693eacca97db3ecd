"""New invoice: customer, date, lines; total, terms, due and discount dates previewed."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.read import panes
from app.services import invoices
from ui import i18n
from ui.context import BookContext
from ui.dialogs.documents import LinesDialog, totals_grid
from ui.i18n import translate
from ui.widgets import CustomerBox, DateEdit, LinesTable


class InvoiceDialog(LinesDialog):
    ok_text = "Post invoice"

    def __init__(
        self, ctx: BookContext, parent: QWidget | None = None, customer: str | None = None
    ) -> None:
        super().__init__(ctx, translate("Acerto", "New invoice"), parent)
        self.setMinimumSize(680, 500)
        self.customer = CustomerBox(self)
        self.customer.set_code(customer)
        self.date = DateEdit(ctx.today(), self)
        self.lines_table = LinesTable(self)
        self.form.addRow(translate("Acerto", "&Customer:"), self.customer)
        self.form.addRow(translate("Acerto", "&Date:"), self.date)
        self.form.addRow(translate("Acerto", "&Lines:"), self.lines_table)
        box, lay = self.group(translate("Acerto", "Preview"))
        grid, self.figures = totals_grid(box, ["Total", "Terms", "Due", "Cash discount until"])
        lay.addLayout(grid)
        self.customer.customerChanged.connect(self.refresh)
        self.date.dateChanged.connect(self.refresh)
        self.lines_table.changed.connect(self.refresh)
        self.finish_layout()

    def compute(self) -> None:
        for label in self.figures.values():
            label.setText("—")
        self.lines_table.show_amounts([])
        code = self.check_customer(self.customer)
        lines = self.typed_lines()
        p = panes.preview_lines(lines, customer=code, on=self.date.value())
        self.lines_table.show_amounts([i18n.money(a) for a in p.amounts])
        self.figures["Total"].setText(i18n.money(p.total))
        self.figures["Terms"].setText(p.terms)
        self.figures["Due"].setText(i18n.day(p.due_date))
        if p.discount_until is not None and p.discount_percent is not None:
            self.figures["Cash discount until"].setText(
                f"{p.discount_percent.normalize():f} % · {i18n.day(p.discount_until)}"
            )

    def post(self) -> str:
        inv = invoices.create_invoice(
            self.customer.code() or "", self.date.value(), lines=self.typed_lines()
        )
        return translate("Acerto", "Invoice {number} posted.").format(number=inv.number)
