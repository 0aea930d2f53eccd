"""The committee workspace: a private, signed-in web app over an edition's workspace where the
organising committee votes on topics and decides, with the pipeline's findings in front of it.

A second Datasette instance, never the public one: its own process, port and database list,
deny-by-default permissions, signed session cookies, Datasette's CSRF protection. May import
pipeline, stages, composer, importers, workspace and the core; never opendata, report or cli.
"""
