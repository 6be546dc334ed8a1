"""Load, call the core, commit: every write of the program; never prints, never prompts."""
