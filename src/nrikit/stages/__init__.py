"""The six built-in stages, each registered through the same hooks a country plugin uses."""
