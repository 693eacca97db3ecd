"""The window's Qt catalogues (resources/i18n/acerto_{pt_BR,es}.ts) are complete (issue 10).

Every string ui/ marks for translation (`translate("Acerto", "...")`,
`QT_TRANSLATE_NOOP`) is in both catalogues, with a translation that is
neither unfinished nor empty. The strings are found in the source with `ast`,
so a new label nobody ran pyside6-lupdate for fails here (the fix:
CONTRIBUTING.md, "Translations").
"""

from __future__ import annotations

import ast
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MARKERS = {"translate", "QT_TRANSLATE_NOOP"}


def _marked() -> set[tuple[str, str]]:
    """(source, disambiguation) of every literal marked in ui/."""
    found: set[tuple[str, str]] = set()
    for path in sorted((ROOT / "ui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            args = node.args
            if name not in MARKERS or len(args) < 2:
                continue
            if not all(isinstance(a, ast.Constant) for a in args[:2]) or args[0].value != "Acerto":  # type: ignore[attr-defined]
                continue
            comment = args[2].value if len(args) > 2 and isinstance(args[2], ast.Constant) else ""
            found.add((str(args[1].value), str(comment or "")))  # type: ignore[attr-defined]
    return found


def _catalogue(language: str) -> dict[tuple[str, str], str]:
    tree = ET.parse(ROOT / "resources" / "i18n" / f"acerto_{language}.ts")
    entries: dict[tuple[str, str], str] = {}
    for message in tree.iter("message"):
        translation = message.find("translation")
        assert translation is not None
        text = translation.text or ""
        forms = [f.text or "" for f in translation.iter("numerusform")]
        if translation.get("type") in ("unfinished", "vanished", "obsolete"):
            text = ""
        elif forms:
            text = "" if not all(f.strip() for f in forms) else forms[0]
        comment = message.findtext("comment") or ""
        entries[(message.findtext("source") or "", comment)] = text
    return entries


@pytest.mark.parametrize("language", ["pt_BR", "es"])
def test_every_window_string_has_a_finished_translation(language: str) -> None:
    catalogue = _catalogue(language)
    marked = _marked()
    assert len(marked) > 300  # the extraction sees the window's strings
    missing = sorted(s for s, c in marked if (s, c) not in catalogue)
    assert not missing, f"not in acerto_{language}.ts (run pyside6-lupdate): {missing[:10]}"
    empty = sorted(s for (s, _c), text in catalogue.items() if not text.strip())
    assert not empty, f"unfinished or empty in acerto_{language}.ts: {empty[:10]}"


@pytest.mark.parametrize("language", ["pt_BR", "es"])
def test_the_built_catalogue_is_not_older_than_its_source(language: str) -> None:
    """The .qm is what the window loads: it holds as many messages as the .ts finished."""
    qm = ROOT / "resources" / "i18n" / f"acerto_{language}.qm"
    assert qm.stat().st_size > 1000
    # Each translation's text is in the .qm as UTF-16 big-endian.
    data = qm.read_bytes()
    for (_source, _comment), text in _catalogue(language).items():
        assert text.encode("utf-16-be") in data, (
            f"{text!r} is not in {qm.name}: run pyside6-lrelease"
        )
