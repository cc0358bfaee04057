"""`python -m annotator.cli ...` runs the `annotator` command."""

from annotator.cli.main import main

main()
