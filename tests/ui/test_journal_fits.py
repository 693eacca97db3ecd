"""A preview's journal never cuts a figure (the pt_BR unsettle preview read "825," for 825,09)."""

from __future__ import annotations


def test_journal_amounts_fit_their_column_at_the_tables_narrowest(qtbot):  # type: ignore[no-untyped-def]
    from ui.dialogs.base import fill, journal_table

    table = journal_table()
    qtbot.addWidget(table)
    rows = [
        ["adiantamentos de clientes", "", "1.234.567,89"],
        ["desconto financeiro", "8,33", ""],
        ["contas a receber", "833,42", ""],
    ]
    fill(table, rows, right={1, 2})
    table.resize(table.minimumWidth(), 200)
    table.show()
    qtbot.waitExposed(table)
    metrics = table.fontMetrics()
    for row in rows:
        for c in (1, 2):
            if row[c]:
                needed = metrics.horizontalAdvance(row[c])
                assert needed <= table.columnWidth(c), (row[c], needed, table.columnWidth(c))
    shown = sum(table.columnWidth(c) for c in range(3))
    assert shown <= table.viewport().width() + 1  # nothing beyond the visible width
