"""``python -m classroom``: see ``cli.py``."""

import signal
import sys

from classroom.cli import main

# `./ex list | head` should stop quietly, like any other command-line tool.
signal.signal(signal.SIGPIPE, signal.SIG_DFL)
sys.exit(main())
