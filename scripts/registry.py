"""The features the plugin runs, in order. One line per feature."""

from __future__ import annotations

FEATURES: list = []
