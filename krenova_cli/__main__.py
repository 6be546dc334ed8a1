"""Allow `python -m krenova_cli`."""
from krenova_cli.cli import main

main()
