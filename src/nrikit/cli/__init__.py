"""The `nrikit` command: click commands only. Each parses its arguments, calls one library function
and turns NrikitError into a one-line message. May import every other wing; nothing imports it.

main.py builds the group from the command modules; common.py holds what they share.
"""

from .main import cli

__all__ = ["cli"]
