"""The private workspace: one SQLite file per edition, its table declarations and its migrations.

Holds personal data and never leaves the organiser's machine. Imports only the core
(errors, plugins); everything above it reads and writes through open_workspace().
"""
