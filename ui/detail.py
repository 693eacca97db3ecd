"""The detail area: the selected document's lines, settlements (with their
explanations), unbilled items and journal, from `app.read.queries.show_*`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QTableWidget,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from ui import i18n
from ui.context import BookContext
from ui.i18n import translate
from ui.tables import fill, readonly_table


def _escape(text: str) -> str:
    """html.escape: the module loads with the first document shown, not at start (its
    table of entities is ~3 ms of CPU before the first paint; issue 12)."""
    import html

    return html.escape(text)


class DetailView(QWidget):
    # A linked document in the header was clicked: (pane kind, number).
    follow = Signal(str, str)

    def __init__(self, ctx: BookContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = ""
        self.number = ""
        self.data: dict[str, Any] = {}
        self.header = QLabel(self)
        self.header.setObjectName("detailHeader")
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.header.setOpenExternalLinks(False)
        self.header.linkActivated.connect(self._follow)
        self.header.setMinimumHeight(64)
        self.header.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.tabs = QTabWidget(self)
        self.lines = readonly_table([], self)
        self.settlements = readonly_table([], self)
        self.explanations = QTextBrowser(self)
        self.explanations.setObjectName("explanations")
        settle_tab = QWidget(self)
        settle_layout = QVBoxLayout(settle_tab)
        settle_layout.setContentsMargins(0, 0, 0, 0)
        settle_layout.addWidget(self.settlements, 3)
        settle_layout.addWidget(self.explanations, 2)
        self.unbilled = readonly_table([], self)
        self.journal = readonly_table([], self)
        self.tabs.addTab(self.lines, translate("Acerto", "Lines"))
        self.tabs.addTab(settle_tab, translate("Acerto", "Settlements"))
        self.tabs.addTab(self.unbilled, translate("Acerto", "Unbilled"))
        self.tabs.addTab(self.journal, translate("Acerto", "Journal"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)
        self.clear()
        ctx.changed.connect(self.refresh)  # "book changed": show the document as it is now

    def clear(self) -> None:
        self.kind = self.number = ""
        self.data = {}
        self.header.setText(
            "<i>"
            + translate("Acerto", "Select an order, invoice or payment to see its details.")
            + "</i>"
        )
        for t in (self.lines, self.settlements, self.unbilled, self.journal):
            t.setColumnCount(0)
            t.setRowCount(0)
        self.explanations.clear()

    def show_document(self, kind: str, number: str | None) -> None:
        if not number:
            self.clear()
            return
        from app.read import queries  # on the first document shown, not at the window's start

        try:
            if kind == "invoices":
                self.data = queries.show_invoice(number)
                self._invoice(self.data)
            elif kind == "payments":
                self.data = queries.show_payment(number)
                self._payment(self.data)
            else:
                self.data = queries.show_order(number)
                self._order(self.data)
        except UserError:
            self.clear()
            return
        self.kind, self.number = kind, number

    def refresh(self) -> None:
        if self.number:
            self.show_document(self.kind, self.number)

    # -- rendering

    @staticmethod
    def _set(
        table: QTableWidget,
        headers: list[str],
        rows: list[list[str]],
        right: set[int],
        elide: int | None = None,
    ) -> None:
        table.setColumnCount(len(headers))
        table.setHorizontalHeaderLabels(headers)
        fill(table, rows, right)
        if elide is not None and elide < len(headers):
            _elide_column(table, elide)
        table.resizeRowsToContents()

    def _follow(self, link: str) -> None:
        kind, _sep, number = link.partition(":")
        if number:
            self.follow.emit(kind, number)

    @staticmethod
    def _value(v: str, linked: bool) -> str:
        """A fact's value; invoice numbers as links when `linked` (the correction chain)."""
        if not linked:
            return _escape(v)
        return ", ".join(f"<a href='invoices:{_escape(n)}'>{_escape(n)}</a>" for n in v.split(", "))

    def _header(
        self,
        title: str,
        facts: list[tuple[str, str]],
        per_row: int = 4,
        links: frozenset[str] = frozenset(),
    ) -> None:
        rows = []
        for start in range(0, len(facts), per_row):
            cells = "".join(
                f"<td nowrap style='padding-right:18px'><span style='color:#666'>{_escape(k)}</span><br>"
                f"<b>{self._value(v, k in links)}</b></td>"
                for k, v in facts[start : start + per_row]
            )
            rows.append(f"<tr>{cells}</tr>")
        self.header.setText(
            f"<h3 style='margin:0'>{_escape(title)}</h3><table>{''.join(rows)}</table>"
        )

    def _settlement_rows(self, rows: list[dict[str, Any]], other: str) -> list[list[str]]:
        self.explanations.setHtml(
            "".join(f"<p><b>{s['id']}</b> · {_escape(s['explanation'])}</p>" for s in rows)
        )
        return [
            [
                str(s["id"]),
                i18n.day(s["date"]),
                s[other],
                i18n.money(s["amount"]),
                i18n.money(s["discount"]),
                i18n.money(s["writeoff"]),
                i18n.money(s["full_settlement"]),
            ]
            for s in rows
        ]

    def _settlement_headers(self, other: str) -> list[str]:
        return [
            translate("Acerto", "Id"),
            translate("Acerto", "Date"),
            other,
            translate("Acerto", "Amount"),
            translate("Acerto", "Discount"),
            translate("Acerto", "Write-off"),
            translate("Acerto", "Full settlement"),
        ]

    def _journal(self, rows: list[dict[str, Any]]) -> None:
        self._set(
            self.journal,
            [
                translate("Acerto", "Date"),
                translate("Acerto", "Entry"),
                translate("Acerto", "Account"),
                translate("Acerto", "Debit"),
                translate("Acerto", "Credit"),
            ],
            [
                [
                    i18n.day(j["date"]),
                    j["description"],
                    i18n.word(j["account"]),
                    i18n.money(j["debit"]) if Decimal(j["debit"]) else "",
                    i18n.money(j["credit"]) if Decimal(j["credit"]) else "",
                ]
                for j in rows
            ],
            {3, 4},
            elide=1,
        )

    def _lines_headers(self) -> list[str]:
        return [
            translate("Acerto", "Line"),
            translate("Acerto", "Description"),
            translate("Acerto", "Quantity"),
            translate("Acerto", "Unit price"),
            translate("Acerto", "Amount"),
        ]

    def _invoice(self, d: dict[str, Any]) -> None:
        title = f"{i18n.word(d['kind']).capitalize()} {d['number']}"
        facts = [
            (translate("Acerto", "Customer"), f"{d['customer']} — {d['customer_name']}"),
            (translate("Acerto", "Date"), i18n.day(d["date"])),
            (translate("Acerto", "Due"), i18n.day(d["due_date"])),
            (translate("Acerto", "Status"), i18n.word(d["status"])),
            (translate("Acerto", "Total"), i18n.money(d["total"])),
            (translate("Acerto", "Balance"), i18n.money(d["balance"])),
        ]
        if d.get("terms"):
            facts.append((translate("Acerto", "Terms"), _terms_in_words(d["terms"])))
        for key, label in (("order", "Order"), ("corrects", "Corrects"), ("credits", "Credits")):
            if d.get(key):
                facts.append((translate("Acerto", label), d[key]))
        if d.get("corrected_by"):
            facts.append((translate("Acerto", "Corrected by"), ", ".join(d["corrected_by"])))
        chain = frozenset({translate("Acerto", "Corrects"), translate("Acerto", "Corrected by")})
        self._header(title, facts, links=chain)
        self._set(
            self.lines,
            self._lines_headers(),
            [
                [
                    str(ln["line"]),
                    ln["description"],
                    i18n.quantity(ln["quantity"]),
                    i18n.money(ln["unit_price"]),
                    i18n.money(ln["amount"]),
                ]
                for ln in d["lines"]
            ],
            {0, 2, 3, 4},
            elide=1,
        )
        credit = Decimal(d["total"]) < 0
        other = "invoice" if credit else "source"
        other_title = translate("Acerto", "Invoice") if credit else translate("Acerto", "Source")
        self._set(
            self.settlements,
            self._settlement_headers(other_title),
            self._settlement_rows(d["settlements"], other),
            {3, 4, 5, 6},
        )
        self._set(
            self.unbilled,
            [
                translate("Acerto", "Id"),
                translate("Acerto", "Description"),
                translate("Acerto", "Quantity"),
                translate("Acerto", "Amount"),
                translate("Acerto", "Status"),
            ],
            [
                [
                    str(u["id"]),
                    u["description"],
                    i18n.quantity(u["quantity"]),
                    i18n.money(u["amount"]),
                    i18n.word(u["status"]),
                ]
                for u in d["unbilled"]
            ],
            {2, 3},
            elide=1,
        )
        self._journal(d["journal"])

    def _payment(self, d: dict[str, Any]) -> None:
        facts = [
            (translate("Acerto", "Customer"), d["customer"]),
            (translate("Acerto", "Date"), i18n.day(d["date"])),
            (translate("Acerto", "Amount"), i18n.money(d["amount"])),
            (translate("Acerto", "Applied"), i18n.money(d["applied"])),
            (translate("Acerto", "Unapplied"), i18n.money(d["unapplied"])),
            (translate("Acerto", "Refunded"), i18n.money(d["refunded"])),
        ]
        if d.get("order"):
            facts.append((translate("Acerto", "Order"), d["order"]))
        if d.get("reference"):
            facts.append((translate("Acerto", "Reference"), d["reference"]))
        self._header(translate("Acerto", "Payment {number}").format(number=d["number"]), facts)
        self._set(self.lines, [], [], set())
        self._set(
            self.settlements,
            self._settlement_headers(translate("Acerto", "Invoice")),
            self._settlement_rows(d["settlements"], "invoice"),
            {3, 4, 5, 6},
        )
        self._set(self.unbilled, [], [], set())
        self._journal(d["journal"])

    def _order(self, d: dict[str, Any]) -> None:
        facts = [
            (translate("Acerto", "Customer"), d["customer"]),
            (translate("Acerto", "Date"), i18n.day(d["date"])),
            (translate("Acerto", "Status"), i18n.word(d["status"])),
            (translate("Acerto", "Total"), i18n.money(d["total"])),
            (translate("Acerto", "Invoiced"), i18n.money(d["invoiced"])),
            (translate("Acerto", "Paid"), i18n.money(d["paid"])),
            (translate("Acerto", "Refunded"), i18n.money(d["refunded"])),
        ]
        self._header(translate("Acerto", "Order {number}").format(number=d["number"]), facts)
        self._set(
            self.lines,
            [*self._lines_headers(), translate("Acerto", "Invoiced")],
            [
                [
                    str(ln["line"]),
                    ln["description"]
                    + (" " + translate("Acerto", "(removed)") if ln["removed"] else ""),
                    i18n.quantity(ln["quantity"]),
                    i18n.money(ln["unit_price"]),
                    i18n.money(ln["amount"]),
                    i18n.quantity(ln["invoiced_quantity"]),
                ]
                for ln in d["lines"]
            ],
            {0, 2, 3, 4, 5},
            elide=1,
        )
        docs = [[translate("Acerto", "Invoice"), n, ""] for n in d["invoices"]]
        docs += [[translate("Acerto", "Payment"), n, ""] for n in d["payments"]]
        docs += [
            [
                translate("Acerto", "Refund"),
                r["number"]
                + (
                    " — "
                    + translate("Acerto", "paid out {date}").format(date=i18n.day(r["paid_on"]))
                    if r.get("paid_on")
                    else ""
                ),
                i18n.money(r["amount"]),
            ]
            for r in d["refunds"]
        ]
        docs += [
            [
                translate("Acerto", "Change"),
                c["description"],
                f"{i18n.money(c['old_total'])} → {i18n.money(c['new_total'])}",
            ]
            for c in d["changes"]
        ]
        self.explanations.clear()
        self._set(
            self.settlements,
            [
                translate("Acerto", "Document"),
                translate("Acerto", "Number"),
                translate("Acerto", "Amount"),
            ],
            docs,
            {2},
        )
        self._set(self.unbilled, [], [], set())
        self._set(self.journal, [], [], set())


TEXT_FLOOR_CHARS = 10  # what an eliding description column keeps at the least


def _elide_column(table: QTableWidget, column: int) -> None:
    """A description column takes what the figures leave and elides (issue 10): the
    detail's least width is its figures' widths, not its longest description's, so
    the panes beside it keep room for their columns. Figures never elide."""
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    for c in range(table.columnCount()):
        mode = (
            QHeaderView.ResizeMode.Stretch
            if c == column
            else QHeaderView.ResizeMode.ResizeToContents
        )
        header.setSectionResizeMode(c, mode)
    table.setProperty("elidingColumns", [column])
    floor = table.fontMetrics().averageCharWidth() * TEXT_FLOOR_CHARS
    others = sum(
        max(table.sizeHintForColumn(c), header.sectionSizeHint(c))
        for c in range(table.columnCount())
        if c != column
    )
    table.setMinimumWidth(
        others + floor + 2 * table.frameWidth() + table.verticalScrollBar().sizeHint().width()
    )


def _terms_in_words(text: str) -> str:
    """The stored terms ("2% 10, net 30") as the reader's sentence ("2% de desconto se
    pago em até 10 dias; líquido em 30 dias"); the stored form if it does not read."""
    from app.rules.terms import parse_terms

    try:
        return parse_terms(text).words()
    except UserError:
        return text
