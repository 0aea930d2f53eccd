"""The built-in importers, registered through the same hook as a country plugin's."""

from __future__ import annotations

from ..hookspecs import hookimpl
from .generic_csv import CsvImporter
from .google_forms import GoogleFormsImporter
from .limesurvey import LimeSurveyImporter
from .pretalx import PretalxImporter
from .xlsx import XlsxImporter

IMPORTERS = (CsvImporter, GoogleFormsImporter, LimeSurveyImporter, XlsxImporter, PretalxImporter)


@hookimpl
def register_importers(register):
    for cls in IMPORTERS:
        register(cls())
