"""`acerto pdf credit-note --all [--from D] [--to D] --out-dir DIR` (issue 12).

Every posted credit note of the period as DIR/NUMBER.pdf, each printing what
`pdf credit-note NUMBER --out F.pdf` prints for it; the old form unchanged.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reports.credit_note_batch import file_name
from tests.integration.conftest import Cli
from tests.integration.test_reports_pdf import text_of


@pytest.fixture
def three(cli: Cli) -> list[str]:
    """Three credit notes dated 2026-03-05, -06 and -07 on three invoices."""
    cli.ok("init", "--currency", "EUR")
    cli.ok("customer", "add", "C1", "Conceição")
    notes = []
    for day in (5, 6, 7):
        inv = cli.ok("invoice", "add", "--customer", "C1", "--date", "2026-03-01",
                     "--line", "Horas;2;50.00")  # fmt: skip
        notes.append(
            cli.ok("credit-note", inv, "--amount", f"{day}.00", "--date", f"2026-03-{day:02d}")
        )
    return notes


def test_all_writes_each_credit_note_as_its_own_command_does(
    cli: Cli, three: list[str], tmp_path: Path
) -> None:
    out = tmp_path / "notes"
    out.mkdir()
    r = cli.run("pdf", "credit-note", "--all", "--out-dir", str(out))
    assert r.code == 0, r.err
    assert "3 credit note PDFs written." in r.out
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{n}.pdf" for n in three)
    for number in three:
        single = tmp_path / f"single-{number}.pdf"
        cli.ok("pdf", "credit-note", number, "--out", str(single))
        assert text_of(out / f"{number}.pdf") == text_of(single)
        assert number in text_of(single)[0]


def test_all_within_dates(cli: Cli, three: list[str], tmp_path: Path) -> None:
    r = cli.run("pdf", "credit-note", "--all", "--from", "2026-03-06", "--to", "2026-03-06",
                "--out-dir", str(tmp_path))  # fmt: skip
    assert r.code == 0, r.err
    assert [p.name for p in tmp_path.glob("*.pdf")] == [f"{three[1]}.pdf"]
    r = cli.run("pdf", "credit-note", "--all", "--from", "2026-03-07", "--out-dir", str(tmp_path))
    assert "1 credit note PDF written." in r.out


@pytest.mark.parametrize(
    ("args", "sentence"),
    [
        (["--all"], "--all needs --out-dir DIR"),
        (["--all", "CN-000001", "--out-dir", "."], "give --out-dir, not a number or --out"),
        (
            ["--all", "--from", "2026-03-09", "--to", "2026-03-01", "--out-dir", "."],
            "is before the start",
        ),  # fmt: skip
        (["--out-dir", "."], "--out-dir, --from and --to go with --all."),
        ([], "Name the credit note and the file"),
    ],
)
def test_all_refusals_are_sentences(
    cli: Cli, three: list[str], args: list[str], sentence: str
) -> None:
    cli.fails("pdf", "credit-note", *args, match=sentence)


def test_a_new_folder_is_made_and_a_file_in_the_way_refused(
    cli: Cli, three: list[str], tmp_path: Path
) -> None:
    new = tmp_path / "new" / "notes"
    r = cli.run("pdf", "credit-note", "--all", "--out-dir", str(new))
    assert r.code == 0, r.err
    assert sorted(p.name for p in new.iterdir()) == sorted(f"{n}.pdf" for n in three)
    (tmp_path / "file").write_text("x")
    cli.fails("pdf", "credit-note", "--all", "--out-dir", str(tmp_path / "file"),
              match="is a file, not a folder")  # fmt: skip
    cli.fails("pdf", "credit-note", "--all", "--out-dir", str(tmp_path / "file" / "sub"),
              match="could not be made")  # fmt: skip
    assert not any(tmp_path.glob("**/*.partial"))
    late = tmp_path / "refused"
    cli.fails("pdf", "credit-note", "--all", "--from", "2026-03-09", "--to", "2026-03-01",
              "--out-dir", str(late), match="is before the start")  # fmt: skip
    assert not late.exists()  # refused input makes no folder


def test_file_names_never_leave_the_folder() -> None:
    assert file_name("CN-000001") == "CN-000001.pdf"
    assert file_name("../x/CN 1") == ".._x_CN_1.pdf"


def test_the_batch_reads_what_the_single_read_reads(cli: Cli, tmp_path: Path) -> None:
    """app/read/credit_note_batch.py (one pass) against credit_note_data (one note at a
    time): a discount reversed, a paid invoice, an open one, lines, a reason, a pt_BR
    customer; with runs of 2 so a run boundary falls between them."""
    from app.read import credit_note_batch
    from app.read.report_data import credit_note_data, credit_note_numbers
    from app.services import book
    from app.services.customers import document_language
    from models.db import close_db, init_db

    cli.ok("customer", "add", "C1", "Açores Pescas", "--terms", "2% 10, net 30")
    cli.ok("customer", "add", "C2", "Ñandú SL", "--lang", "pt_BR", "--address", "Rua 1\nLisboa")
    notes = []
    for code, day in (("C1", 1), ("C2", 2), ("C1", 3)):
        inv = cli.ok("invoice", "add", "--customer", code, "--date", f"2026-03-{day:02d}",
                     "--line", "Café ç;4;25.00", "--line", "Horas;1;10.00")  # fmt: skip
        if day == 1:
            pay = cli.ok("payment", "add", "--customer", code, "--date", "2026-03-09",
                         "--amount", "107.80")  # fmt: skip
            cli.ok("settle", pay, inv)
        notes.append(cli.ok("credit-note", inv, "--line", "1=2", "--reason", "Devolução <i>"))
        notes.append(cli.ok("credit-note", inv, "--amount", "5.00", "--date", "2026-03-20"))
    close_db()
    init_db(str(cli.path))
    old = credit_note_batch.CHUNK
    credit_note_batch.CHUNK = 2
    try:
        with book.reading():
            count, each = credit_note_batch.credit_notes()
            got = list(each)
            want = [(credit_note_data(n), document_language(credit_note_data(n).customer.code))
                    for n in credit_note_numbers()]  # fmt: skip
    finally:
        credit_note_batch.CHUNK = old
        close_db()
    assert count == len(notes) == 6
    assert got == want
    assert any(d.discount_reversed for d, _ in got) and any(d.owed_to_customer for d, _ in got)
    assert "pt_BR" in {lang for _, lang in got}


def test_the_pool_writes_what_one_process_writes(
    cli: Cli, three: list[str], tmp_path: Path
) -> None:
    from models.db import close_db, init_db
    from reports.credit_note_batch import credit_note_pdfs

    close_db()
    init_db(str(cli.path))
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    try:
        assert len(credit_note_pdfs(one, workers=1)) == 3
        assert len(credit_note_pdfs(two, workers=2)) == 3
    finally:
        close_db()
    for number in three:
        assert (one / f"{number}.pdf").read_bytes() == (two / f"{number}.pdf").read_bytes()


def test_a_batch_syncs_each_file_and_its_folder_once(
    cli: Cli, three: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each file is synced before its rename (whole or absent after a power cut); the
    folder once at the end of the batch, not after every file (issue 12)."""
    from app import files
    from models.db import close_db, init_db
    from reports import statement_pool
    from reports.credit_note_batch import credit_note_pdfs
    from reports.jobs import credit_note_pdf

    synced: list[Path] = []
    monkeypatch.setattr(files, "sync_file", lambda p: synced.append(Path(p)))
    monkeypatch.setattr(files, "sync_folder", lambda p: synced.append(Path(p)))
    monkeypatch.setattr(statement_pool, "sync_folder", lambda p: synced.append(Path(p)))
    close_db()
    init_db(str(cli.path))
    try:
        out = tmp_path / "batch"
        assert len(credit_note_pdfs(out, workers=1)) == 3
        assert [p for p in synced if p == out] == [out]
        assert len([p for p in synced if p.parent == out]) == 3  # the files, before renaming
        synced.clear()
        credit_note_pdf(tmp_path / "one.pdf", three[0])
        assert [p.parent == tmp_path for p in synced] == [True, False]  # the file, the folder
    finally:
        close_db()


def test_all_prints_the_corrective_invoices_that_credit_too(
    cli: Cli, three: list[str], tmp_path: Path
) -> None:
    """A corrective invoice that reduces what is owed is a credit the customer is sent:
    `pdf credit-note NUMBER` prints it (as a corrective invoice), and so does --all,
    within its dates; one that adds to what is owed is not a credit and is left out."""
    inv = cli.ok("invoice", "add", "--customer", "C1", "--date", "2026-03-01",
                 "--line", "Horas;8;50.00")  # fmt: skip
    less = cli.ok("correct", inv, "--qty", "1=6", "--date", "2026-03-06")
    other = cli.ok("invoice", "add", "--customer", "C1", "--date", "2026-03-01",
                   "--line", "Horas;2;50.00")  # fmt: skip
    more = cli.ok("correct", other, "--qty", "1=3", "--date", "2026-03-06")
    out = tmp_path / "notes"
    r = cli.run("pdf", "credit-note", "--all", "--out-dir", str(out))
    assert r.code == 0, r.err
    assert "4 PDFs written: 3 credit notes, 1 corrective invoice." in r.out
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{n}.pdf" for n in [*three, less])
    single = tmp_path / "single.pdf"
    cli.ok("pdf", "credit-note", less, "--out", str(single))
    assert text_of(out / f"{less}.pdf") == text_of(single)
    assert not (out / f"{more}.pdf").exists()
    late = tmp_path / "late"
    r = cli.run("pdf", "credit-note", "--all", "--from", "2026-03-07", "--out-dir", str(late))
    assert sorted(p.name for p in late.iterdir()) == [f"{three[2]}.pdf"]
