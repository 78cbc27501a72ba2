"""The command line, ``samskaping``: a front end over the whole package (run, params, scenarios,
compare, sweep, objections, hong-page, ui). ``python -m samskaping.cli`` is the same command."""

# Mesa names its model module's logger from inspect.stack() (mesa_logging.create_module_logger),
# whose cost grows with the depth of the import that first loads Mesa: loaded here, at the top of
# the command, rather than at the bottom of the layers' import chain, every command starts about
# a tenth of a second sooner.
import mesa  # noqa: F401

from samskaping.cli.commands import main

__all__ = ["main"]
