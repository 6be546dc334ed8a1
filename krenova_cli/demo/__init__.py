"""The generated competition behind `krenova demo`."""
