"""The engine's message catalogue: extract, update, compile (developer tool).

    scripts/catalogue            extract app/, models/ and reports/ into
                                 resources/locale/acerto.pot, merge it into each
                                 language's acerto.po, compile every .mo
    scripts/catalogue --check    change nothing; fail when a sentence is missing
                                 or untranslated, or a .mo is out of date

Sentences are found by Babel's Python extractor: every literal inside
`_()`, `N_()` and `ngettext()` (see app/i18n.py). The .po files are the
translators' files (committed); the .mo files are compiled from them and
committed too, so a checkout runs without Babel's tools.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from app.i18n import DOMAIN, LANGUAGES, LOCALE_DIR

ROOT = LOCALE_DIR.parent.parent
SOURCES = ("app", "models", "reports")
TRANSLATED = tuple(lang for lang in LANGUAGES if lang != "en")
METHOD_MAP = [("**.py", "python")]
# Fixed header dates: the files change only when a sentence does.
STAMP = datetime(2026, 1, 1, tzinfo=UTC)
# B_ marks a sentence the book stores, in the book's language (app/i18n.py).
KEYWORDS = {**{k: DEFAULT_KEYWORDS[k] for k in ("_", "N_", "ngettext", "gettext")}, "B_": None}


def pot_path() -> Path:
    return LOCALE_DIR / f"{DOMAIN}.pot"


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


def extract(root: Path = ROOT) -> Catalog:
    """Every marked sentence of the source tree, with where it is."""
    catalog = Catalog(
        project="Acerto", domain=DOMAIN, charset="utf-8", creation_date=STAMP, revision_date=STAMP
    )
    for folder in SOURCES:
        found = extract_from_dir(
            root / folder, METHOD_MAP, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
        )
        for filename, lineno, message, comments, context in found:
            where = (f"{folder}/{filename}", lineno)
            catalog.add(message, None, [where], auto_comments=comments, context=context)
    return catalog


def read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=locale)


def _po_bytes(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    write_po(buf, catalog, width=100, omit_header=False, sort_output=True)
    return buf.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    return buf.getvalue()


def update(template: Catalog, lang: str) -> Catalog:
    """The language's catalogue with the template's sentences: kept
    translations stay, new sentences come in empty, gone ones are dropped."""
    path = po_path(lang)
    if path.exists():
        catalog = read(path, lang)
    else:
        catalog = Catalog(
            locale=lang,
            project="Acerto",
            domain=DOMAIN,
            charset="utf-8",
            creation_date=STAMP,
            revision_date=STAMP,
        )
    catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
    catalog.obsolete.clear()
    return catalog


def missing(catalog: Catalog, template: Catalog) -> list[str]:
    """The template's sentences with no usable translation in `catalog`."""
    out = []
    for msg in template:
        if not msg.id:
            continue
        have: Message | None = catalog.get(msg.id, msg.context)
        if have is None or have.fuzzy or not _complete(have.string):
            out.append(msg.id if isinstance(msg.id, str) else msg.id[0])
    return out


def _complete(string: str | Iterable[str] | None) -> bool:
    if string is None or isinstance(string, str):
        return bool(string)
    return all(string)


def write_all() -> None:
    template = extract()
    LOCALE_DIR.mkdir(parents=True, exist_ok=True)
    pot_path().write_bytes(_po_bytes(template))
    for lang in TRANSLATED:
        catalog = update(template, lang)
        po_path(lang).parent.mkdir(parents=True, exist_ok=True)
        po_path(lang).write_bytes(_po_bytes(catalog))
        mo_path(lang).write_bytes(mo_bytes(catalog))
        gap = missing(catalog, template)
        print(f"{lang}: {len(template)} sentences, {len(gap)} untranslated")


def check() -> int:
    template = extract()
    failed = 0
    for lang in TRANSLATED:
        catalog = read(po_path(lang), lang)
        gap = missing(catalog, template)
        for text in gap:
            print(f"{lang}: untranslated: {text!r}")
        stale = not mo_path(lang).exists() or mo_path(lang).read_bytes() != mo_bytes(catalog)
        if stale:
            print(f"{lang}: {mo_path(lang)} is out of date; run scripts/catalogue")
        failed += len(gap) + stale
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args == ["--check"]:
        return check()
    if args:
        print(__doc__)
        return 2
    write_all()
    return 0


if __name__ == "__main__":
    sys.exit(main())
