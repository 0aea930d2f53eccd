"""Built-in taxonomies and tally methods, registered like any plugin's.

The other built-ins (importers, stages, indicators) register from their own wings;
plugins.DEFAULT_PLUGINS names them as strings, so the core imports no wing.
"""

from __future__ import annotations

from . import tally
from .hookspecs import hookimpl
from .taxonomy import IGF_TAXONOMY


@hookimpl
def register_taxonomies(register):
    register(IGF_TAXONOMY)


@hookimpl
def register_tally_methods(register):
    for method in tally.METHODS.values():
        register(method)
