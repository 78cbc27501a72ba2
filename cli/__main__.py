"""``python -m samskaping.cli`` is the ``samskaping`` command."""

import sys

from samskaping.cli import main

sys.exit(main())
