"""``python -m sprintkit``: the same command as the ``sprintkit`` console script."""

import sys

from .cli import main

sys.exit(main())
