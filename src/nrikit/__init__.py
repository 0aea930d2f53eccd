"""nrikit: run a national or regional IGF initiative's yearly process as a reproducible pipeline."""

__version__ = "0.1.0"

from .errors import ConfigError, InputError, NrikitError, PluginError, PrivacyError, StageError
from .hookspecs import hookimpl
from .i18n import N_, T
from .model import Decision, Finding, Rule, Stage
from .taxonomy import Group, Taxonomy

__all__ = [
    "__version__",
    "hookimpl",
    "N_",
    "T",
    "Stage",
    "Rule",
    "Finding",
    "Decision",
    "Taxonomy",
    "Group",
    "NrikitError",
    "ConfigError",
    "InputError",
    "PluginError",
    "StageError",
    "PrivacyError",
]
