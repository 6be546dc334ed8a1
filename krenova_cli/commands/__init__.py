"""One module per command family; each is a thin wrapper over the store and the core."""
