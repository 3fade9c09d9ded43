"""`python -m kupang_desk` is the `kupang-desk` console script."""

import sys

from kupang_desk.cli import main

sys.exit(main())
