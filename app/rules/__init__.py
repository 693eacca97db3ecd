"""Pure rules: money, terms, dates, settlement arithmetic. No database, no clock, no I/O."""
