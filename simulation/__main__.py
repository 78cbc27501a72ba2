"""``python -m samskaping.simulation`` is the ``samskaping`` command."""

import sys

from samskaping.simulation.cli import main

sys.exit(main())
