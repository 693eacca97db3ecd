"""Payment terms: "2% 10, net 30", "2% 5, 1% 14, net 30", "net 15".

A tier gives a cash discount percent when paid within `days` of the invoice
date; the last figure is the number of days until the invoice is due.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from functools import cached_property

from app.errors import UserError
from app.i18n import N_, _, ngettext
from app.rules.limits import MAX_TERMS_DAYS, TEXT, bad_characters, check_text, quote

_TIER = re.compile(r"^(\d+(?:[.,]\d+)?)\s*%\s*(\d+)$")
_NET = re.compile(r"^net\s*(\d+)$", re.IGNORECASE)
EXAMPLE = N_('write them like "2% 10, net 30", "2% 5, 1% 14, net 30" or "net 15"')


@dataclass(frozen=True)
class Tier:
    percent: Decimal
    days: int


@dataclass(frozen=True)
class Terms:
    tiers: tuple[Tier, ...]
    net_days: int

    @cached_property  # the form every invoice posted under these terms stores
    def text(self) -> str:
        parts = [f"{_pct(t.percent)}% {t.days}" for t in self.tiers]
        parts.append(f"net {self.net_days}")
        return ", ".join(parts)

    def words(self) -> str:
        """The terms as a sentence in the reader's language, for documents and
        screens ("2% discount if paid within 10 days; net 30 days"); `text` is
        the form the book stores and reads back."""
        parts = [
            ngettext(
                "{percent}% discount if paid within {days} day",
                "{percent}% discount if paid within {days} days",
                t.days,
            ).format(percent=_pct(t.percent), days=t.days)
            for t in self.tiers
        ]
        net = ngettext("net {days} day", "net {days} days", self.net_days)
        parts.append(net.format(days=self.net_days))
        return "; ".join(parts)

    def due_date(self, invoice_date: date) -> date:
        return invoice_date + timedelta(days=self.net_days)

    def tier_on(self, invoice_date: date, on: date) -> Tier | None:
        """The tier in force on `on`, or None when no discount applies."""
        elapsed = (on - invoice_date).days
        for tier in self.tiers:
            if elapsed <= tier.days:
                return tier
        return None

    def discount_until(self, tier: Tier, invoice_date: date) -> date:
        return invoice_date + timedelta(days=tier.days)

    @property
    def max_percent(self) -> Decimal:
        return max((t.percent for t in self.tiers), default=Decimal(0))


def _pct(p: Decimal) -> str:
    text = f"{p.normalize():f}"
    return text


def parse_terms(text: str | None, what: str = "") -> Terms:
    """Parse terms text; bad text is a `UserError` naming what is wrong."""
    what = what or _("payment terms")
    raw = (text or "").strip()
    if not raw:
        raise UserError(_("The {what} are empty; {EXAMPLE}.").format(what=what, EXAMPLE=_(EXAMPLE)))
    if len(raw) > TEXT["terms"].max_len:
        check_text("terms", raw)
    if bad_characters(raw) is not None:
        raise UserError(
            _('The {what} "{raw}" are not understood; {EXAMPLE}.').format(
                what=what, raw=quote(raw), EXAMPLE=_(EXAMPLE)
            )
        )
    chunks = [c.strip() for c in re.split(r"[,;/]", raw) if c.strip()]
    tiers: list[Tier] = []
    net: int | None = None
    for chunk in chunks:
        if net is not None:
            raise UserError(
                _('The {what} "{raw}" go on after "net {net}"; {EXAMPLE}.').format(
                    what=what, raw=raw, net=net, EXAMPLE=_(EXAMPLE)
                )
            )
        m = _NET.match(chunk)
        if m:
            net = int(m.group(1))
            continue
        m = _TIER.match(chunk)
        if not m:
            raise UserError(
                _('The {what} "{raw}" are not understood at "{chunk}"; {EXAMPLE}.').format(
                    what=what, raw=raw, chunk=chunk, EXAMPLE=_(EXAMPLE)
                )
            )
        try:
            pct = Decimal(m.group(1).replace(",", "."))
        except InvalidOperation:  # pragma: no cover - the regex admits only digits
            raise UserError(
                _('The {what} "{raw}" have a bad percent "{group}".').format(
                    what=what, raw=raw, group=m.group(1)
                )
            ) from None
        if not (Decimal(0) < pct < Decimal(100)):
            raise UserError(
                _('The {what} "{raw}": a discount must be between 0% and 100%.').format(
                    what=what, raw=raw
                )
            )
        tiers.append(Tier(pct, int(m.group(2))))
    if net is None:
        raise UserError(
            _('The {what} "{raw}" do not say when the invoice is due; {EXAMPLE}.').format(
                what=what, raw=raw, EXAMPLE=_(EXAMPLE)
            )
        )
    for a, b in zip(tiers, tiers[1:], strict=False):
        if b.days <= a.days or b.percent >= a.percent:
            raise UserError(
                _(
                    'The {what} "{raw}": each later tier must have more days and a smaller percent.'
                ).format(what=what, raw=raw)
            )
    if net > MAX_TERMS_DAYS:
        raise UserError(
            _(
                'The {what} "{raw}" give {net:,} days until the due date; at most {MAX_TERMS_DAYS:,} (ten years) are allowed.'
            ).format(what=what, raw=raw, net=net, MAX_TERMS_DAYS=MAX_TERMS_DAYS)
        )
    if tiers and tiers[-1].days > net:
        raise UserError(
            _('The {what} "{raw}": a discount period cannot run past the due date.').format(
                what=what, raw=raw
            )
        )
    return Terms(tuple(tiers), net)
