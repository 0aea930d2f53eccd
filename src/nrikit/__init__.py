"""nrikit: run a national or regional IGF initiative's yearly process as a reproducible pipeline."""

__version__ = "0.1.0"

from .errors import ConfigError, InputError, NrikitError, PluginError, PrivacyError, StageError  # noqa: E402
from .hookspecs import hookimpl  # noqa: E402
from .model import Decision, Finding, Rule, Stage  # noqa: E402
from .taxonomy import Group, Taxonomy  # noqa: E402

__all__ = [
    "__version__", "hookimpl", "Stage", "Rule", "Finding", "Decision", "Taxonomy", "Group",
    "NrikitError", "ConfigError", "InputError", "PluginError", "StageError", "PrivacyError",
]
