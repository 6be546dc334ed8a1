"""Untrusted workbooks in, score sheets and the Excel recap out."""
