"""The command line, ``samskaping``: a front end over the whole package (run, params, scenarios,
compare, sweep, objections, hong-page, ui). ``python -m samskaping.cli`` is the same command."""

from samskaping.cli.commands import main

__all__ = ["main"]
