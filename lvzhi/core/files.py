"""Access to uploaded files. Each room that stores uploads registers a checker for its upload prefix."""

from collections.abc import Callable

# prefix of the stored name (e.g. "evidence/") -> function(user, name) -> bool
FILE_ACCESS_CHECKERS: dict[str, Callable] = {}


def register_file_access(prefix: str, checker: Callable) -> None:
    FILE_ACCESS_CHECKERS[prefix] = checker


def user_may_read_file(user, name: str) -> bool:
    for prefix, checker in FILE_ACCESS_CHECKERS.items():
        if name.startswith(prefix):
            return bool(checker(user, name))
    return False
