"""What every Acerto PDF shares: fonts, escaping, styles, tables, page numbers.

Fonts: DejaVu Sans regular and bold, shipped in ``resources/fonts`` (the
app never relies on system fonts), registered as one family so ``<b>`` in a
Paragraph picks the bold face; they print ç ã é ñ € and the rest of Latin.

Text from the book reaches a Paragraph only through `esc`: ``<``, ``>`` and
``&`` print as written and never act as markup. Header and footer text is
drawn with ``drawString``, which takes no markup at all.

Pages are numbered "Page X of Y" by `NumberedCanvas`: the layout pass keeps
each finished page's state, and only when the total is known does it draw
the header and footer on each and write them out.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache, lru_cache
from importlib import resources
from os import PathLike
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import landscape as landscape_of
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

from app.errors import UserError
from app.files import atomic_write
from app.i18n import _
from reports.doc_format import page_size
from reports.pdf_fonts import CachedTTFont
from reports.pdf_text import TextCode, fill_op

# Page streams deflated only, not also ASCII85-encoded: the embedded fonts make every
# file binary anyway, and the encoding cost a tenth of a one-page credit note.
rl_config.useA85 = 0

FONT = "DejaVuSans"
_SYNC_FOLDER_LATER: ContextVar[bool] = ContextVar("sync_folder_later", default=False)
FONT_BOLD = "DejaVuSans-Bold"
_FONT_FILES = {FONT: "DejaVuSans.ttf", FONT_BOLD: "DejaVuSans-Bold.ttf"}

MARGIN = 15 * mm
HEADER_RULE = colors.HexColor("#44546a")
HEADER_FILL = colors.HexColor("#e8ecf2")
ZEBRA_FILL = colors.HexColor("#f6f7f9")
GREY = colors.HexColor("#555555")
_GREY_FILL = fill_op(GREY) or ""

# C0 controls other than tab and newline cannot appear in XML, which is what
# reportlab's paragraph parser reads; they are dropped rather than let fail.
_CONTROLS = {c: None for c in range(32) if c not in (9, 10)}
_CONTROLS[127] = None


@cache
def register_fonts() -> None:
    """Register the DejaVu Sans family with reportlab (once per process)."""
    folder = resources.files("resources.fonts")
    for name, file in _FONT_FILES.items():
        source = folder.joinpath(file)
        if not source.is_file():
            raise UserError(
                _("The font {file} is missing; reinstall Acerto to print PDFs.").format(file=file)
            )
        with resources.as_file(source) as path:
            pdfmetrics.registerFont(CachedTTFont(name, str(path)))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD
    )


def esc(text: object) -> str:
    """Text from the book, safe inside a Paragraph; newlines become line breaks."""
    if text is None:
        return ""
    clean = str(text).replace("\r\n", "\n").replace("\r", "\n").translate(_CONTROLS)
    return escape(clean).replace("\n", "<br/>").replace("\t", " ")


@cache
def styles() -> dict[str, ParagraphStyle]:
    """The house paragraph styles, by name."""
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=11.5)
    cell = ParagraphStyle("cell", parent=body, fontSize=8, leading=10)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=7.5, leading=9.5),
        "bold": ParagraphStyle("bold", parent=body, fontName=FONT_BOLD),
        "right": ParagraphStyle("right", parent=body, alignment=TA_RIGHT),
        "title": ParagraphStyle(
            "title", parent=body, fontName=FONT_BOLD, fontSize=16, leading=20, spaceAfter=4
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=11,
            leading=14,
            spaceBefore=8,
            spaceAfter=3,
        ),
        "cell": cell,
        "cell_right": ParagraphStyle("cell_right", parent=cell, alignment=TA_RIGHT),
        "cell_bold": ParagraphStyle("cell_bold", parent=cell, fontName=FONT_BOLD),
        "cell_bold_right": ParagraphStyle(
            "cell_bold_right", parent=cell, fontName=FONT_BOLD, alignment=TA_RIGHT
        ),
    }


def para(text: object, style: str = "body") -> Paragraph:
    """A Paragraph of plain text from the book (escaped) in a house style."""
    return Paragraph(esc(text), styles()[style])


def table_style(
    *,
    header_rows: int = 1,
    numeric_cols: Sequence[int] = (),
    total_row: bool = False,
    zebra: bool = True,
    extra: Sequence[tuple[Any, ...]] = (),
) -> TableStyle:
    """The house table look: bold shaded header, right-aligned numbers, optional totals."""
    register_fonts()
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), FONT, 8),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if header_rows:
        last = header_rows - 1
        commands += [
            ("FONT", (0, 0), (-1, last), FONT_BOLD, 8),
            ("BACKGROUND", (0, 0), (-1, last), HEADER_FILL),
            ("LINEBELOW", (0, last), (-1, last), 0.6, HEADER_RULE),
        ]
    if zebra:
        commands.append(("ROWBACKGROUNDS", (0, header_rows), (-1, -1), [None, ZEBRA_FILL]))
    for col in numeric_cols:
        commands.append(("ALIGN", (col, 0), (col, -1), "RIGHT"))
    if total_row:
        commands += [
            ("FONT", (0, -1), (-1, -1), FONT_BOLD, 8),
            ("LINEABOVE", (0, -1), (-1, -1), 0.6, HEADER_RULE),
            ("BACKGROUND", (0, -1), (-1, -1), colors.white),
        ]
    commands += extra
    return TableStyle(commands)


def make_table(
    rows: Sequence[Sequence[object]],
    col_widths: Sequence[float] | None = None,
    *,
    header_rows: int = 1,
    numeric_cols: Sequence[int] = (),
    total_row: bool = False,
    zebra: bool = True,
) -> Table:
    """A table in the house style whose header repeats on every page.

    Cells that are already flowables pass through; anything else is text
    from the book, escaped and wrapped in a Paragraph so long text wraps.
    """
    s = styles()
    numeric = set(numeric_cols)
    last = len(rows) - 1
    data: list[list[object]] = []
    for r, row in enumerate(rows):
        bold = r < header_rows or (total_row and r == last)
        cells: list[object] = []
        for c, value in enumerate(row):
            if isinstance(value, Flowable):
                cells.append(value)
                continue
            name = "cell_bold" if bold else "cell"
            if c in numeric:
                name += "_right"
            cells.append(Paragraph(esc(value), s[name]))
        data.append(cells)
    return Table(
        data,
        colWidths=list(col_widths) if col_widths is not None else None,
        repeatRows=header_rows,
        style=table_style(
            header_rows=header_rows, numeric_cols=numeric_cols, total_row=total_row, zebra=zebra
        ),
    )


class NumberedCanvas(canvas.Canvas):
    """A canvas that draws the header and "Page X of Y" once Y is known.

    Configure it through a subclass's class attributes (`build_doc` does).
    """

    header_text = ""
    footer_text = ""
    page_label = "Page {page} of {pages}"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._saved_pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        # Keep the finished page instead of writing it; save() writes them all.
        self._saved_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        pages = len(self._saved_pages)
        for state in self._saved_pages:
            self.__dict__.update(state)
            self._decorate(pages)
            super().showPage()
        super().save()

    def _decorate(self, pages: int) -> None:
        width, height = self._pagesize
        self.saveState()
        text = TextCode(self)
        text.fill(_GREY_FILL)
        if self.header_text:
            text.show(MARGIN, height - 9 * mm, [(self.header_text, FONT)], 7.5, 9.0)
        if self.footer_text:
            text.show(MARGIN, 9 * mm, [(self.footer_text, FONT)], 7.5, 9.0)
        label = self.page_label.format(page=self._pageNumber, pages=pages)
        right = width - MARGIN - stringWidth(label, FONT, 7.5)
        text.show(right, 9 * mm, [(label, FONT)], 7.5, 9.0)
        self.addLiteral(text.text())
        if self.header_text:
            self.setStrokeColor(HEADER_RULE)
            self.setLineWidth(0.4)
            self.line(MARGIN, height - 10.5 * mm, width - MARGIN, height - 10.5 * mm)
        self.restoreState()


@lru_cache(maxsize=64)
def _canvas_class(header_text: str, footer_text: str, page_label: str) -> type[NumberedCanvas]:
    """The canvas class of a header, footer and page label (a batch repeats them)."""
    attrs = {"header_text": header_text, "footer_text": footer_text, "page_label": page_label}
    return type("DocCanvas", (NumberedCanvas,), attrs)


def build_doc(
    path: str | PathLike[str],
    story: list[Flowable],
    title: str,
    *,
    landscape: bool = False,
    header_text: str = "",
    footer_text: str = "",
    page_label: str | None = None,
    author: str = "Acerto",
    pagesize: tuple[float, float] | None = None,
) -> Path:
    """Lay `story` out with header and "Page X of Y" on the language's paper.

    The paper is Letter for English, A4 for Portuguese and Spanish
    (`reports/doc_format.py`), landscape if asked. The metadata hold the
    title, the author (the company, for a customer document) and "Acerto"
    as creator; never the book's location or its password.
    """
    register_fonts()
    paper = pagesize or page_size()
    size = landscape_of(paper) if landscape else paper
    label = page_label or _("Page {page} of {pages}")
    doc = SimpleDocTemplate(
        str(path),
        pagesize=size,
        title=title,
        author=author,
        creator="Acerto",
        invariant=1,  # same input, same bytes: no timestamp or random id
        initialFontName=FONT,  # else Helvetica, not embedded, is named on every page
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + (4 * mm if header_text else 0),
        bottomMargin=MARGIN + 3 * mm,
    )
    maker = _canvas_class(_one_line(header_text), _one_line(footer_text), label)
    target = Path(path)
    try:
        # the old file or the complete new one; a batch syncs its folder once at its end
        with atomic_write(target, sync_parent=not _SYNC_FOLDER_LATER.get()) as tmp:
            doc.filename = str(tmp)
            doc.build(story, canvasmaker=maker)
    except OSError as e:
        raise UserError(
            _(
                'The PDF "{name}" could not be saved in {parent}: {value}. Is it open in another program, or the folder read-only?'
            ).format(name=target.name, parent=target.parent, value=e.strerror or e)
        ) from e
    return target


@contextmanager
def folder_synced_later() -> Iterator[None]:
    """PDFs written inside still replace their files whole (each synced before its
    rename) but leave syncing the folder to the batch that writes them, once at its
    end (`app.files.sync_folder`): a thousand credit notes paid two fsyncs each."""
    token = _SYNC_FOLDER_LATER.set(True)
    try:
        yield
    finally:
        _SYNC_FOLDER_LATER.reset(token)


def _one_line(text: str) -> str:
    return " ".join(text.translate(_CONTROLS).split())
