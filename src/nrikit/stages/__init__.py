"""The six built-in stages, each registered through the same hooks a country plugin uses.

A stage reads its inputs through the StageContext and writes its workspace tables.
May import the composer, importers, workspace and core; never the pipeline, opendata, report or cli.
"""
