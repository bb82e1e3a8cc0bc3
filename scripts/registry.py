"""What the plugin and the command line are made of. One line per feature."""

from __future__ import annotations

# Feature classes (see features.Feature), run in this order by the plugin.
FEATURES: list = []

# Modules with `register(commands)` adding `python -m scripts` sub-commands.
COMMAND_MODULES: list[str] = [
    "scripts.build",
    "scripts.bench",
]
