"""The frozen desk's entry point (PyInstaller): the same as the `hotline-desk` command."""

import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main())
