"""Words and formats of the languages krenova speaks: labels, Indonesian money, dates and numbers."""
