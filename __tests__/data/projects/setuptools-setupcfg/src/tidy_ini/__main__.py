import sys

import click

from . import normalise


@click.command()
@click.option("--check", is_flag=True)
@click.argument("path")
def main(check, path):
    with open(path, encoding="utf-8") as fh:
        original = fh.read()
    result = normalise(original)
    if check:
        click.echo(f"{path}: {'ok' if result == original else 'would reformat'}")
        sys.exit(0 if result == original else 1)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(result)


if __name__ == "__main__":
    main()
