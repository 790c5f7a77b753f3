"""The explainer's package: data loading and validation, figure builders, theme and
the one-call notebook setup. Notebooks narrate; everything else lives here."""

from explainer.data import DataError, load

__all__ = ["DataError", "load"]
