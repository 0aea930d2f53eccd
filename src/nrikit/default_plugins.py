"""Built-in taxonomies, tally methods and the CSV importer, registered like any plugin's."""

from __future__ import annotations

from . import tally
from .hookspecs import hookimpl
from .taxonomy import IGF_TAXONOMY


class CsvImporter:
    """Plain CSV, UTF-8 unless an encoding is declared, delimiter sniffed."""

    name = "csv"

    def read(self, spec):
        from .csvread import read_table
        return read_table(spec.path, encoding=spec.encoding, delimiter=spec.delimiter)


@hookimpl
def register_taxonomies(register):
    register(IGF_TAXONOMY)


@hookimpl
def register_tally_methods(register):
    for method in tally.METHODS.values():
        register(method)


@hookimpl
def register_importers(register):
    register(CsvImporter())
