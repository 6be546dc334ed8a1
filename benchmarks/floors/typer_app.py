"""Floor for `krenova --help` and `krenova status`: a minimal two-command Typer app."""

import typer

app = typer.Typer(add_completion=False)


@app.command()
def status() -> None:
    """Print a status line."""
    print("status: ok")


@app.command()
def hello(name: str = "world") -> None:
    """Greet someone."""
    print(f"hello {name}")


if __name__ == "__main__":
    app()
