"""Where the demo's seed files are: inside the package (package data), so that an installed product builds the
same demo as a checkout. `examples/schemes` in a checkout is a link to SCHEMES_DIR."""

from pathlib import Path

from django.core.management.base import CommandError

SCHEMES_DIR = Path(__file__).resolve().parent / "schemes"


class SeedError(CommandError):
    """A seed file the demo needs is not there or does not load (an incomplete install): the demo stops
    instead of building a county without schemes or campaigns."""
