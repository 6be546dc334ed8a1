"""Allow `python -m krenova_cli`."""
from krenova_cli.cli.main import main

main()
