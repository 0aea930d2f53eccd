"""The open data: public.db built by allowlist, its privacy audit, the Datasette site and plugin,
the Frictionless release and the offline deploy folder.

Reads the workspace (through the pipeline and workspace wings), never writes to it.
May import the pipeline, stages, composer, importers, workspace and core; not report or cli.
"""
