"""Report and exchange commands (SPEC §8): aging, pdf, import, export.

Registered into `app.cli`'s sub-parsers. The reports are the jobs of
`reports/jobs.py` (data from `app/read`, file from `reports/`), the same
ones the window's Reports menu runs; this module only checks the paths.
The book is open when a handler runs; each prints the file it wrote (or,
for import, what was or would be created) with the path as the last line.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli import documents
from app.cli.common import said_day
from app.errors import UserError
from app.i18n import _, ngettext, said_money
from app.rules.dates import parse_date
from app.services import book


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("aging", help=_("aging report of open items as an .xlsx workbook"))
    p.add_argument("--as-of", required=True, help=_("the date the report is as of (YYYY-MM-DD)"))
    p.add_argument(
        "--basis", choices=("due", "invoice"), help=_("age by due date (default) or invoice date")
    )
    p.add_argument(
        "--buckets", help=_("bucket limits in days, e.g. 30,60,90,120 (default: the book's)")
    )
    p.add_argument("--out", required=True, help=_("the .xlsx file to write"))
    p.set_defaults(func=cmd_aging, reads=True)

    pdf = sub.add_parser("pdf", help=_("printable PDF documents and reports"))
    kinds = pdf.add_subparsers(
        dest="pdf_kind",
        required=True,
        metavar="{credit-note,corrective,settlement,invoice,statement}",
    )
    c = kinds.add_parser("credit-note", help=_("a credit note to send to the customer"))
    c.add_argument("number", nargs="?", help=_("the credit note's number, e.g. CN-000001"))
    c.add_argument("--out", help=_("the .pdf file to write"))
    _register_credit_note_all(c)
    c.set_defaults(func=cmd_pdf_credit_note, reads=True)
    ci = kinds.add_parser("corrective", help=_("corrective invoice to send to the customer"))
    ci.add_argument("number", help=_("the corrective invoice's number, e.g. CI-000001"))
    ci.add_argument("--out", required=True, help=_("the .pdf file to write"))
    ci.set_defaults(func=cmd_pdf_corrective, reads=True)
    s = kinds.add_parser("settlement", help=_("settlement report for a date range"))
    s.add_argument("--from", dest="date_from", required=True, help=_("first date (YYYY-MM-DD)"))
    s.add_argument("--to", dest="date_to", required=True, help=_("last date (YYYY-MM-DD)"))
    s.add_argument("--customer", help=_("only this customer's settlements"))
    s.add_argument("--out", required=True, help=_("the .pdf file to write"))
    s.set_defaults(func=cmd_pdf_settlement, reads=True)
    documents.register_pdf(kinds)

    i = sub.add_parser("import", help=_("import an exchange workbook (.xlsx)"))
    i.add_argument("file", help=_("the .xlsx workbook to import"))
    i.add_argument(
        "--dry-run",
        action="store_true",
        help=_("check and say what would be created; write nothing"),
    )
    i.add_argument(
        "--take-settings",
        action="store_true",
        help=_("a book with documents takes the workbook's settings (the currency never changes)"),
    )
    i.set_defaults(func=cmd_import)

    e = sub.add_parser("export", help=_("export the whole book to an exchange workbook (.xlsx)"))
    e.add_argument("file", help=_("the .xlsx file to write"))
    e.set_defaults(func=cmd_export, reads=True)
    documents.register(sub)


def _out(path: str, suffix: str) -> Path:
    out = Path(path)
    if out.suffix.lower() != suffix:
        raise UserError(
            _('The output file "{path}" must end in {suffix}.').format(path=path, suffix=suffix)
        )
    if out.is_dir():
        raise UserError(
            _('"{path}" is a folder; name a {suffix} file.').format(path=path, suffix=suffix)
        )
    if not out.parent.exists():
        raise UserError(_('The folder "{parent}" does not exist.').format(parent=out.parent))
    return out


def cmd_aging(args: argparse.Namespace) -> int:
    from reports.aging_job import aging_workbook

    out = _out(args.out, ".xlsx")
    as_of = parse_date(args.as_of, _("as-of date"))
    limits = book.aging_buckets(args.buckets) if args.buckets else None
    aging = aging_workbook(out, as_of, args.basis, limits, book_url=getattr(args, "book_url", ""))
    print(
        ngettext(
            "Aging as of {as_of}: {count} customer, open {total}, credit {credit}.",
            "Aging as of {as_of}: {count} customers, open {total}, credit {credit}.",
            len(aging.customers),
        ).format(
            as_of=said_day(as_of),
            count=len(aging.customers),
            total=said_money(aging.currency)(aging.total),
            credit=said_money(aging.currency)(aging.credit),
        )
    )
    print(out)
    return 0


def _register_credit_note_all(c: argparse.ArgumentParser) -> None:
    """`pdf credit-note --all [--from D] [--to D] --out-dir DIR` (issue 12)."""
    c.add_argument(
        "--all",
        action="store_true",
        help=_("every posted credit note and crediting corrective invoice, one PDF each"),
    )
    c.add_argument("--from", dest="date_from", help=_("with --all: first date (YYYY-MM-DD)"))
    c.add_argument("--to", dest="date_to", help=_("with --all: last date (YYYY-MM-DD)"))
    c.add_argument("--out-dir", help=_("with --all: the folder to write NUMBER.pdf files into"))


def _pdf_credit_notes_all(args: argparse.Namespace) -> int:
    from app.i18n import _
    from app.read.report_data import crediting_corrective_numbers
    from reports.credit_note_batch import credit_note_pdfs

    if args.number or args.out:
        raise UserError(_("--all prints every credit note: give --out-dir, not a number or --out."))
    if not args.out_dir:
        raise UserError(_("--all needs --out-dir DIR, the folder to write the PDFs into."))
    first = parse_date(args.date_from, _("start date")) if args.date_from else None
    last = parse_date(args.date_to, _("end date")) if args.date_to else None
    written = credit_note_pdfs(Path(args.out_dir), first, last)
    correctives = len(crediting_corrective_numbers(first, last))  # written beside them
    if correctives:
        notes = len(written) - correctives
        print(
            ngettext(
                "{count} PDF written: {notes}, {correctives}.",
                "{count} PDFs written: {notes}, {correctives}.",
                len(written),
            ).format(
                count=len(written),
                notes=ngettext("{count} credit note", "{count} credit notes", notes).format(
                    count=notes
                ),
                correctives=ngettext(
                    "{count} corrective invoice", "{count} corrective invoices", correctives
                ).format(count=correctives),
            )
        )
    else:
        print(
            ngettext(
                "{count} credit note PDF written.",
                "{count} credit note PDFs written.",
                len(written),
            ).format(count=len(written))
        )
    print(args.out_dir)
    return 0


def cmd_pdf_credit_note(args: argparse.Namespace) -> int:
    from reports.jobs import credit_note_pdf

    if args.all:
        return _pdf_credit_notes_all(args)
    if args.out_dir or args.date_from or args.date_to:
        raise UserError(_("--out-dir, --from and --to go with --all."))
    if not args.number or not args.out:
        raise UserError(_("Name the credit note and the file: pdf credit-note NUMBER --out F.pdf."))
    out = _out(args.out, ".pdf")
    credit_note_pdf(out, args.number)
    print(out)
    return 0


def cmd_pdf_corrective(args: argparse.Namespace) -> int:
    from reports.jobs import corrective_pdf

    out = _out(args.out, ".pdf")
    corrective_pdf(out, args.number)
    print(out)
    return 0


def cmd_pdf_settlement(args: argparse.Namespace) -> int:
    from reports.jobs import settlement_pdf

    out = _out(args.out, ".pdf")
    report = settlement_pdf(
        out,
        parse_date(args.date_from, _("start date")),
        parse_date(args.date_to, _("end date")),
        args.customer,
    )
    sources = len(report.sources)
    print(
        ngettext(
            "{count} settlement of {sources}.", "{count} settlements of {sources}.", report.count
        ).format(
            count=report.count,
            sources=ngettext(
                "{count} payment or credit note", "{count} payments and credit notes", sources
            ).format(count=sources),
        )
    )
    print(out)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from reports.exchange_xlsx import import_exchange

    path = Path(args.file)
    if not path.is_file():
        raise UserError(_('There is no file "{file}".').format(file=args.file))
    result = import_exchange(path, dry_run=args.dry_run, take_settings=args.take_settings)
    if args.dry_run:
        print(_("Dry run: nothing was written."))
    for line in result.summary():
        print(line)
    print(path)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from reports.exchange_xlsx import write_exchange

    out = _out(args.file, ".xlsx")
    _, counts = write_exchange(out, book.currency())
    from app.exchange.schema import sheet_word

    print(", ".join(f"{sheet_word(name)} {n}" for name, n in counts.items()))
    print(out)
    return 0
