"""The `kommunrapport` command's entry point, kept free of imports.

A render worker re-runs the program's main script as `__mp_main__` (multiprocessing's spawn start method, and the
fork server's workers too): the pip-generated `kommunrapport` script imports this module only, not the CLI with
pandas, typer and the configuration (1.4 s a worker). `python -m pipeline.cli` runs pipeline/cli/__main__.py, which
workers do not re-run at all.
"""


def main() -> None:
    from pipeline.cli import main as cli_main

    cli_main()
