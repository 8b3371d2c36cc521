"""`python -m tradenews` runs the CLI."""

from tradenews.cli import main

if __name__ == "__main__":
    main()
