"""Read models: show/JSON, panes, aging, report data, the integrity check."""
