import sys

from vlaplay_ray.cli import main

sys.exit(main())
