"""Two things the site would write to the same address: an error naming both sources.

Pages are generated from several name spaces at once (materials, their tags and categories,
hand-written docs, features' pages, published files); a clash means one page silently
overwrites the other. `check_outputs` runs with every `check`; `check_files` looks at the
final file list of a build, so nothing that slips past the first reaches the site.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .hygiene import show
from .problems import Problems
from .slugs import unique_slugs


@dataclass(frozen=True)
class Claim:
    what: str  # how a person knows the source: 标签 “学习”, docs/units/index.md …
    rel: str  # where to report it
    line: int

    @property
    def where(self) -> str:
        return f"{self.rel}:{self.line}"


def dest_of(src_uri: str, use_directory_urls: bool = False) -> str:
    """Where MkDocs writes a page or file of this src_uri."""
    if not src_uri.endswith(".md"):
        return src_uri
    stem = src_uri[: -len(".md")]
    if not use_directory_urls or stem == "index" or stem.endswith("/index"):
        return stem + ".html"
    return stem + "/index.html"


class Outputs:
    def __init__(self, problems: Problems, use_directory_urls: bool = False):
        self.problems = problems
        self.use_directory_urls = use_directory_urls
        self.claims: dict[str, Claim] = {}

    def claim(self, src_uri: str, claim: Claim) -> None:
        dest = dest_of(src_uri, self.use_directory_urls).lower()  # Windows and macOS ignore case
        other = self.claims.setdefault(dest, claim)
        if other is not claim and other != claim:
            self.problems.error(
                claim.rel,
                claim.line,
                f"{claim.what} 与 {other.what}（{other.where}）都会生成 {dest_of(src_uri, self.use_directory_urls)}，"
                "一个会覆盖另一个；请改名或设置不同的 id",
            )


def check_outputs(catalog, docs: dict[str, Path], docs_dir: Path, root: Path, extra_pages: Iterable[str]) -> None:
    """Every address the build will write, claimed once (see Outputs.claim)."""
    outputs = Outputs(catalog.problems)

    def rel(path: Path) -> str:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            return path.as_posix()

    # Fixed addresses first, then hand-written pages and files, then what materials generate:
    # a clash is reported at the source an editor can change.
    for src_uri in sorted(extra_pages):
        outputs.claim(src_uri, Claim(f"功能页面 {src_uri}", "mkdocs.yml", 1))
    for kind in catalog.types:
        outputs.claim(f"{kind.key}/index.md", Claim(f"{kind.label}列表", "mkdocs.yml", 1))
    outputs.claim("tags/index.md", Claim("全部标签页", "mkdocs.yml", 1))
    for src_uri, path in sorted(docs.items()):
        outputs.claim(src_uri, Claim(rel(path), rel(path), 1))
    for path in sorted(docs_dir.rglob("*")) if docs_dir.is_dir() else []:
        if path.is_file() and path.suffix != ".md":
            outputs.claim(path.relative_to(docs_dir).as_posix(), Claim(rel(path), rel(path), 1))
    items = catalog.all_items()
    slugs: set[str] = set()
    for item in items:
        address = f"{item.kind.key}/{item.slug}.md"
        if item.src_uri in docs:
            outputs.problems.error(
                item.source.rel, 1, f"{item.source.rel} 与 {rel(docs[item.src_uri])} 在网站中是同一个页面；请改名"
            )
            continue
        if address in slugs:  # two items of one type: reported by the type's own id check
            continue
        slugs.add(address)
        outputs.claim(address, Claim(item.source.rel, item.source.rel, item.source.line_of("id")))
    _claim_tags(outputs, catalog, items)
    for uri, path in catalog.assets.items():
        outputs.claim(uri, Claim(rel(path), rel(path), 1))


def _claim_tags(outputs: Outputs, catalog, items) -> None:
    first: dict[str, Claim] = {}
    for item in items:
        for index, tag in enumerate(item.values.get("tags") or []):
            first.setdefault(tag, Claim(f"标签 “{show(tag)}”", item.source.rel, item.source.line_of("tags", index)))
    for tag, slug in unique_slugs(list(first)).items():
        outputs.claim(f"tags/{slug}/index.md", first[tag])
        for kind in catalog.types:
            if any(tag in (item.values.get("tags") or []) for item in catalog.items[kind.key]):
                outputs.claim(f"{kind.key}/tag/{slug}/index.md", first[tag])
    for kind in catalog.types:
        if not kind.facet:
            continue
        values: dict[str, Claim] = {}
        for item in catalog.items[kind.key]:
            value = item.facet_value
            if value is None:  # a bad value, reported with its field
                continue
            label = kind.all_fields[kind.facet].label
            values.setdefault(
                value, Claim(f"{label} “{show(value)}”", item.source.rel, item.source.line_of(kind.facet))
            )
        for value, slug in unique_slugs(list(values)).items():
            outputs.claim(f"{kind.key}/{kind.facet}/{slug}/index.md", values[value])


def check_files(files, sources: dict[str, str], root: Path, problems: Problems) -> None:
    """Files of one build that share a destination (the last line of defence, at on_files).

    `sources` names the material behind a generated page (src_uri → materials/…/x.md)."""

    def name(file) -> str:
        if file.src_uri in sources:
            return sources[file.src_uri]
        if file.abs_src_path and not file.generated_by:
            path = Path(file.abs_src_path)
            return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
        return file.src_uri

    seen: dict[str, object] = {}
    for file in files:
        dest = file.dest_uri.lower()
        other = seen.setdefault(dest, file)
        if other is not file:
            problems.error(
                name(file),
                1,
                f"{name(file)} 与 {name(other)} 都会生成 {file.dest_uri}，一个会覆盖另一个；请改名或设置不同的 id",
            )
