"""The demo's story: every rule of SPEC §3–§5 once, told through the services.

Cash discounts, partial payments, tolerance and full-settlement
write-offs, tiers, order deposits, partial invoicing, an order change
with its refund, a cancelled order, credit notes that net the discount,
corrections that leave unbilled items, an unsettlement and unapplied
credit — each posted by the same service call a user's action makes,
dated relative to `today`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from app.read.lookups import unbilled_item_of
from app.rules.money import Currency
from app.services import credit_notes, invoices, orders, payments, settlements
from app.services.corrections import bill_unbilled, correct, write_off_unbilled
from app.services.invoices import LineInput


def tell_story(codes: Sequence[str], today: date, cur: Currency) -> None:
    """Every rule once, through the services (SPEC §3–§5), dated relative to `today`."""
    story = _Story(codes, today, cur)
    story.discounts_tolerance_and_tiers()
    story.orders()
    story.credits_and_corrections()
    story.aging_spread()


class _Story:
    """The helpers the chapters share: dates `days` before today, customers by index."""

    def __init__(self, codes: Sequence[str], today: date, cur: Currency) -> None:
        self.codes = codes
        self.today = today
        self.cur = cur

    def d(self, days: int) -> date:
        return self.today - timedelta(days=days)

    def c(self, i: int) -> str:
        return self.codes[i % len(self.codes)]

    def m(self, text: str) -> Decimal:
        return self.cur.parse(text)

    def line(self, text: str) -> LineInput:
        return invoices.parse_line(text, self.cur)

    def pay(
        self,
        i: int,
        on: int,
        amount: str,
        ref: str = "",
        order: str | None = None,
        method: str = "bank transfer",
    ) -> str:
        return payments.create_payment(
            self.c(i), self.d(on), self.m(amount), order=order, reference=ref, method=method
        ).number

    def inv(self, i: int, on: int, *lines: str) -> str:
        return invoices.create_invoice(
            self.c(i), self.d(on), lines=[self.line(x) for x in lines]
        ).number

    def discounts_tolerance_and_tiers(self) -> None:
        """§3.2–§3.7: discounts, partial payments, tolerance, full settlement, tiers."""
        # §3.2 cash discount within the period; §3.3 a partial payment with its discount.
        a = self.inv(0, 40, "Bacalhau graúdo (kg);4;25.00")
        settlements.settle(self.pay(0, 33, "98.00", "TRF CONCEICAO 0412"), [a])
        a = self.inv(0, 25, "Azeite virgem extra 5 L;4;25.00")
        settlements.settle(self.pay(0, 20, "49.00", "TRF CONCEICAO 0433"), [a])
        # §3.5 under- and overpayment within the tolerance; §3.6 full settlement.
        a = self.inv(1, 70, "Jamón ibérico de bellota (kg);4;250.00")
        settlements.settle(self.pay(1, 42, "999.60", "TRANSF PEÑA 2231"), [a])
        a = self.inv(1, 65, "Aceite de oliva virgen 1 L;50;10.00")
        settlements.settle(self.pay(1, 40, "500.30", "TRANSF PEÑA 2240"), [a])
        a = self.inv(1, 100, "Vino Rioja crianza 75 cl;50;20.00")
        settlements.settle(self.pay(1, 75, "990.00", "TRANSF PEÑA 2198"), [a], full_settlement=True)
        # §3.7 tiers: 294.00 on day 3 settles 300.00, 693.00 on day 10 the remaining 700.00.
        a = self.inv(2, 50, "Conservas de atum (caixa 24);25;40.00")
        settlements.settle(self.pay(2, 47, "294.00", "TRF ACORES 118"), [a])
        settlements.settle(self.pay(2, 40, "693.00", "TRF ACORES 121"), [a])
        # §3.7 one payment, several invoices, oldest due first; the last stays partly open.
        self.inv(2, 95, "Conservas de atum (caixa 24);3;40.00")
        self.inv(2, 88, "Embalagens de cartão (fardo);4;20.00")
        self.inv(2, 62, "Transporte e entrega;2;100.00")
        settlements.settle(self.pay(2, 30, "300.00", "TRF ACORES 130"))

    def orders(self) -> None:
        """§4: order deposits, partial invoicing, a change with its refund, a cancel."""
        # §4 the order example: paid 300.00 in advance, invoiced 100.00, a 50.00 discount
        # refunds 50.00, a second invoice of 150.00 completes it; a later one is standalone.
        o = orders.create_order(
            self.c(3),
            self.d(60),
            [
                self.line("Café torrado em grão (kg);10;15.00"),
                self.line("Açúcar mascavo (kg);20;5.00"),
                self.line("Embalagens de cartão (fardo);1;50.00"),
            ],
        ).number
        self.pay(3, 60, "300.00", "CARTÃO 4417", order=o, method="card")
        orders.invoice_order(o, self.d(55), amount=self.m("100.00"))
        orders.change_order(o, self.d(50), discount=self.m("50.00"))
        orders.invoice_order(o, self.d(45), amount=self.m("150.00"))
        invoices.create_invoice(self.c(3), self.d(40), lines=[self.line("Frete;1;35.00")], order=o)
        # An order invoiced by lines, with a deposit; another cancelled and its deposit refunded.
        o = orders.create_order(
            self.c(3),
            self.d(20),
            [
                self.line("Guaraná 2 L (caixa 6);12;18.00"),
                self.line("Farinha de mandioca (kg);25;4.20"),
            ],
        ).number
        self.pay(3, 19, "100.00", "PIX 77120", order=o, method="pix")
        orders.invoice_order(o, self.d(15), line_qty={1: Decimal(6)})
        o = orders.create_order(
            self.c(7), self.d(30), [self.line("Pão de queijo congelado (cx);10;12.00")]
        ).number
        self.pay(7, 29, "60.00", "PIX 90211", order=o, method="pix")
        orders.cancel_order(o, self.d(25))

    def credits_and_corrections(self) -> None:
        """§3.4 credit notes netting the discount; §5 corrections and their unbilled items."""
        # §3.4 a credit note nets the discount taken: the customer is owed 99.00, not 100.00.
        a = self.inv(4, 60, "Parafusos inox M6 (caixa 100);40;5.00")
        settlements.settle(self.pay(4, 50, "198.00", "TRF GUIMARAES 77"), [a])
        credit_notes.create_credit_note(
            a, self.d(45), amount=self.m("100.00"), reason="Devolução de mercadoria"
        )
        a = self.inv(4, 35, "Tinta acrílica branca 15 L;10;12.00")
        credit_notes.create_credit_note(
            a, self.d(30), lines={1: Decimal(2)}, reason="Duas latas danificadas"
        )
        # §5 corrections: 8 hours corrected to 6 (2 unbilled); a paid invoice corrected
        # (customer credit, the unbilled part not chargeable); one billed later.
        a = self.inv(5, 35, "Horas de consultoria;8;50.00")
        correct(a, self.d(30), {1: Decimal(6)})
        a = self.inv(5, 75, "Tradução (páginas);10;30.00")
        settlements.settle(self.pay(5, 60, "300.00", "TRANSF HDZ 5521"), [a])
        ci = correct(a, self.d(50), {1: Decimal(8)})
        write_off_unbilled(unbilled_item_of(ci.number), self.d(48))
        a = self.inv(5, 28, "Formação (horas);4;80.00")
        ci = correct(a, self.d(26), {1: Decimal(3)})
        bill_unbilled(unbilled_item_of(ci.number), self.d(20))

    def aging_spread(self) -> None:
        """Open and overdue items in every aging bucket, money on account, an unsettlement."""
        # Open and overdue items in every aging bucket; money on account; an unsettlement.
        for days, text in [
            (200, "Queijo da Serra (kg);12;25.00"),
            (150, "Arroz carolino 1 kg;200;1.10"),
            (105, "Feijão preto 1 kg;90;2.00"),
            (75, "Café torrado em grão (kg);6;15.00"),
            (45, "Vinho do Porto tawny 75 cl;5;12.00"),
            (12, "Azeite virgem extra 5 L;3;25.00"),
        ]:
            self.inv(6, days, text)
        self.pay(6, 5, "150.00", "TRF SAO JOAO 0090")
        a = self.inv(6, 18, "Bacalhau graúdo (kg);10;13.00")
        done = settlements.settle(self.pay(6, 8, "127.40", "TRF SAO JOAO 0087"), [a])
        settlements.unsettle(done[0].id, on=self.d(6))
