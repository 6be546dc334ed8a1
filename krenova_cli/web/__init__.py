"""The judges' portal of `krenova serve` (issue 28): an interface beside `cli/`, calling the same use cases."""
