"""krenova: run multi-round innovation competitions from plain files."""

__version__ = "0.1.0"
