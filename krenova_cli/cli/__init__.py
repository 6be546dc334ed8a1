"""The command line: entry point, the one error boundary, shared options, terminal output."""
