"""The engine's message catalogue (app/i18n.py, app/catalogue.py, resources/locale).

The sentences are extracted from the source tree here, so a sentence added
without its pt_BR and es translation fails; the compiled .mo files must be
what the .po files compile to; a translation keeps its sentence's
placeholders; and a refusal written as a bare string, not through `_()`,
fails the scan below.
"""

from __future__ import annotations

import ast
from pathlib import Path
from string import Formatter

import pytest
from babel.messages.catalog import Catalog

from app import catalogue, i18n

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ("app", "reports")


@pytest.fixture(scope="module")
def template() -> Catalog:
    return catalogue.extract(ROOT)


@pytest.fixture(scope="module", params=catalogue.TRANSLATED)
def translated(request: pytest.FixtureRequest) -> tuple[str, Catalog]:
    lang = request.param
    return lang, catalogue.read(catalogue.po_path(lang), lang)


def test_the_extraction_finds_the_engines_sentences(template: Catalog) -> None:
    ids = {m.id for m in template if m.id}
    # A refusal, a settlement explanation (stored), a journal text, a report heading.
    assert 'There is no customer with code "{code}".' in ids
    assert "balance now {balance_after}" in ids
    assert "Settlement {id}: {source} → {invoice}" in ids
    assert "Settlement report" in ids
    assert len(ids) > 500


def test_every_sentence_is_translated(template: Catalog, translated: tuple[str, Catalog]) -> None:
    lang, catalog = translated
    gap = catalogue.missing(catalog, template)
    assert gap == [], f"{len(gap)} sentence(s) without a {lang} translation (scripts/catalogue)"


def test_compiled_catalogues_are_up_to_date(translated: tuple[str, Catalog]) -> None:
    lang, catalog = translated
    mo = catalogue.mo_path(lang)
    assert mo.read_bytes() == catalogue.mo_bytes(catalog), f"{mo} is stale: run scripts/catalogue"


def _fields(text: str) -> list[str]:
    return sorted(
        f"{name}!{conv or ''}:{spec or ''}"
        for _lit, name, spec, conv in Formatter().parse(text)
        if name is not None
    )


def test_translations_keep_the_placeholders(translated: tuple[str, Catalog]) -> None:
    lang, catalog = translated
    wrong = []
    for m in catalog:
        if not m.id:
            continue
        ids = [m.id] if isinstance(m.id, str) else list(m.id)
        strings = [m.string] if isinstance(m.string, str) else list(m.string)
        want = {tuple(_fields(i)) for i in ids}
        for s in strings:
            if s and tuple(_fields(s)) not in want:
                wrong.append((m.id, s))
    assert wrong == [], f"{lang}: placeholders differ: {wrong[:5]}"


def test_the_catalogue_translates_at_run_time() -> None:
    with i18n.language("pt_BR"):
        assert i18n._("Settlement report") == "Relatório de liquidações"
    with i18n.language("es"):
        assert i18n._("Settlement report") == "Informe de liquidaciones"
    assert i18n._("Settlement report") == "Settlement report"
    with i18n.language("pt-BR.UTF-8"):
        text = i18n.ngettext("{label} ({count} settlement)", "{label} ({count} settlements)", 2)
        assert text == "{label} ({count} liquidações)"


# ---------------------------------------------------------------- the scan


def _error_classes(trees: list[ast.Module]) -> set[str]:
    """UserError and every class of app/ and reports/ derived from it."""
    names = {"UserError"}
    classes = [n for t in trees for n in ast.walk(t) if isinstance(n, ast.ClassDef)]
    grew = True
    while grew:
        grew = False
        for c in classes:
            bases = {b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in c.bases}
            if c.name not in names and bases & names:
                names.add(c.name)
                grew = True
    return names


def _bare(node: ast.expr) -> bool:
    """A sentence written in place: a literal, an f-string, or a sum of them."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and any(ch.isalpha() for ch in node.value)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _bare(node.left) or _bare(node.right)
    return False


def _super_inits(tree: ast.Module, errors: set[str]) -> list[ast.Call]:
    """`super().__init__(...)` calls inside the error classes."""
    calls = []
    for c in ast.walk(tree):
        if isinstance(c, ast.ClassDef) and c.name in errors:
            for n in ast.walk(c):
                f = getattr(n, "func", None)
                if (
                    isinstance(f, ast.Attribute)
                    and f.attr == "__init__"
                    and isinstance(f.value, ast.Call)
                    and getattr(f.value.func, "id", "") == "super"
                ):
                    calls.append(n)
    return calls


def untranslated_refusals(root: Path) -> list[str]:
    files = [p for folder in SCANNED for p in sorted((root / folder).rglob("*.py"))]
    trees = [ast.parse(p.read_text(encoding="utf-8"), str(p)) for p in files]
    errors = _error_classes(trees)
    found = []
    for path, tree in zip(files, trees, strict=True):
        calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
        made = [
            n
            for n in calls
            if (n.func.id if isinstance(n.func, ast.Name) else getattr(n.func, "attr", ""))
            in errors
        ]
        for node in made + _super_inits(tree, errors):
            if node.args and _bare(node.args[0]):
                found.append(f"{path.relative_to(root)}:{node.lineno}")
    return sorted(set(found), key=lambda w: (w.split(":")[0], int(w.split(":")[1])))


def test_no_refusal_is_written_outside_the_catalogue() -> None:
    assert untranslated_refusals(ROOT) == []


def test_the_scan_finds_a_bare_refusal(tmp_path: Path) -> None:
    app = tmp_path / "app"
    app.mkdir()
    (tmp_path / "reports").mkdir()
    (app / "m.py").write_text(
        "from app.errors import UserError\n"
        "class Mine(UserError):\n    pass\n"
        "def a(code):\n    raise UserError(f'No customer {code}.')\n"
        "def b():\n    raise Mine('Nothing here.')\n"
        "def c(code):\n    raise UserError(_('No customer {code}.').format(code=code))\n"
        "class Busy(Mine):\n    def __init__(self):\n        super().__init__('The book is busy.')\n",
        encoding="utf-8",
    )
    assert untranslated_refusals(tmp_path) == ["app/m.py:5", "app/m.py:7", "app/m.py:12"]


def test_no_sentence_is_translated_at_import() -> None:
    """`_()` in a default argument or at module level runs once, in English, at import."""
    found = []
    for folder in SCANNED:
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            early: list[ast.AST] = [
                s for s in tree.body if not isinstance(s, (ast.FunctionDef, ast.ClassDef))
            ]
            for fn in ast.walk(tree):
                if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    early += [d for d in fn.args.defaults + fn.args.kw_defaults if d is not None]
            for node in early:
                for call in ast.walk(node):
                    f = getattr(call, "func", None)
                    if isinstance(f, ast.Name) and f.id in ("_", "B_", "ngettext"):
                        found.append(f"{path.relative_to(ROOT)}:{call.lineno}")  # type: ignore[attr-defined]
    assert found == []


def test_terms_in_words() -> None:
    from app.rules.terms import parse_terms

    terms = parse_terms("2% 10, net 30")
    assert terms.words() == "2% discount if paid within 10 days; net 30 days"
    assert parse_terms("net 1").words() == "net 1 day"
    with i18n.language("pt_BR"):
        assert terms.words() == "2% de desconto se pago em até 10 dias; vencimento em 30 dias"
    with i18n.language("es"):
        assert parse_terms("net 1").words() == "vencimiento a 1 día"
    assert terms.text == "2% 10, net 30"  # the stored form never changes
