"""The `lvzhi` command for administrators.

`lvzhi scheme …` and `lvzhi score …` work on files alone (no database); everything else is a Django
management command (`lvzhi migrate`, `lvzhi load_demo`, `lvzhi db_worker`, …).
"""

import os
import sys

FILE_COMMANDS = {"scheme", "score"}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] in FILE_COMMANDS:
        from lvzhi.scoring.cli import main as scoring_main

        return scoring_main(argv[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lvzhi.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["lvzhi", *argv[1:]])
    return 0


if __name__ == "__main__":
    sys.exit(main())
