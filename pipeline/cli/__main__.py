"""`python -m pipeline.cli …`: the `kommunrapport` command."""

from pipeline.cli import main

main()
