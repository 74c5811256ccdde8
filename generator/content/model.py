"""The toolkit model: typed, immutable, already validated."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any


@dataclass(frozen=True)
class Source:
    title: str
    publisher: str
    year: int
    url: str
    checked: str = ""  # when someone last confirmed it (YYYY-MM-DD)


@dataclass(frozen=True)
class Document:
    """What every content file shares."""

    slug: str
    path: str  # relative, for error messages and "edit this page"
    title: str
    summary: str
    body: str
    body_line: int  # the file line where the body starts, for link errors
    sources: tuple[Source, ...] = ()
    field_lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def line(self, name: str) -> int:
        return self.field_lines.get(name, 2)


@dataclass(frozen=True)
class Intervention(Document):
    building_block: str = ""
    stage: str = ""
    suits: str = ""
    effort: str = ""
    related: tuple[str, ...] = ()
    calculators: tuple[str, ...] = ()
    example: str = ""


@dataclass(frozen=True)
class BuildingBlock(Document):
    order: int = 0


@dataclass(frozen=True)
class Page(Document):
    pass


@dataclass(frozen=True)
class GlossaryTerm:
    id: str
    term: str
    definition: str
    see_also: tuple[str, ...] = ()


@dataclass(frozen=True)
class Toolkit:
    blocks: tuple[BuildingBlock, ...]
    interventions: tuple[Intervention, ...]
    pages: tuple[Page, ...]
    glossary: tuple[GlossaryTerm, ...]
    data: dict[str, Any] = field(default_factory=dict)  # seb, benchmarks, advert_rules, claims (as parsed)
    warnings: tuple = ()  # ContentErrors that do not stop the build (generator.content.policy)

    def block(self, slug: str) -> BuildingBlock:
        return next(b for b in self.blocks if b.slug == slug)

    @cached_property
    def _by_slug(self) -> dict[str, Intervention]:
        return {i.slug: i for i in self.interventions}

    def intervention(self, slug: str) -> Intervention:
        return self._by_slug[slug]

    def interventions_in(self, block: str) -> list[Intervention]:
        return [i for i in self.interventions if i.building_block == block]

    def page(self, slug: str) -> Page:
        return next(p for p in self.pages if p.slug == slug)
