"""The only code that opens the data folder: layout, schema, parsing, serialising, atomic commit, ledger."""
