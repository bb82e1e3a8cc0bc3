"""Proofreading in `check` and every build: findings as 警告 (or 错误, `proof_level: error`)."""

from __future__ import annotations

from pathlib import Path

from ..features import Feature
from ..problems import Problems
from . import proof_file
from .dictionary import Dictionary, load_dictionary

CONTENT_FOLDERS = ("units", "cases", "culture")


def dictionary_path(options, root: Path) -> Path:
    return Path(root) / options.materials_dir / options.proof_dictionary


def proofread_files(options, root: Path) -> list[Path]:
    """What the site publishes from: materials of every type, and every YAML file under materials/
    (banks, the schedule, campaigns …) except the dictionary itself, which lists wrong forms."""
    materials = Path(root) / options.materials_dir
    paths: list[Path] = []
    for folder in CONTENT_FOLDERS:
        paths += sorted((materials / folder).glob("*.md"))
    dictionary = dictionary_path(options, root)
    data = [*materials.rglob("*.yml"), *materials.rglob("*.yaml")] if materials.is_dir() else []
    paths += sorted(path for path in data if path != dictionary and not _hidden(path, materials))
    return paths


def _hidden(path: Path, base: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(base).parts)


# The dictionary of the last run, by its file's stamp: reloaded only when edited.
_dictionaries: dict[Path, tuple[tuple, Dictionary, list]] = {}


def cached_dictionary(path: Path, rel: str, problems: Problems) -> Dictionary:
    try:
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        stamp = None
    cached = _dictionaries.get(path)
    if cached is None or cached[0] != stamp:
        found = Problems()
        cached = (stamp, load_dictionary(path, rel, found), found.items)
        _dictionaries[path] = cached
    problems.items.extend(cached[2])
    return cached[1]


class ProofFeature(Feature):
    def validate(self, catalog) -> None:
        if self.options.proof_level == "off":
            return
        problems = catalog.problems
        root = Path(self.root)
        path = dictionary_path(self.options, root)
        dictionary = cached_dictionary(path, path.relative_to(root).as_posix(), problems)
        report = problems.error if self.options.proof_level == "error" else problems.warning
        for file in proofread_files(self.options, root):
            rel = file.relative_to(root).as_posix()
            # Unreadable files are reported by their own loaders; here they give no findings.
            for found in proof_file(file, rel, dictionary, Problems()):
                report(rel, found.line, found.text(), found.col)

    def watch_paths(self) -> list:
        path = dictionary_path(self.options, Path(self.root))
        return [path] if path.is_file() else []
