"""The ledger records this process has committed, so that the error boundary can say what was recorded
when something fails after a commit (the answer could not be written): exit 1 means nothing changed.

No imports: the entry point clears it before every command without paying for the store.
"""

records: list[dict] = []
