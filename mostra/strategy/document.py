"""The strategy as a document: the shape of the YAML file, and the input of every check.

A :class:`StrategyDocument` is what `mostra strategy export` writes, what `import`
reads, and what the SMART check, the lint and the readiness check examine, with or
without a database. The database models are loaded from and saved to it by
:mod:`mostra.strategy.services.file`.

Keys are fixed so that files travel between installs; unknown keys are refused (a
typo would otherwise be silently ignored).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from django.utils import translation
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from mostra.strategy import catalogue

Id = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9][a-z0-9_-]{0,62}$",
        description="A stable id: lowercase letters, digits, - and _",
    ),
]
Network = Literal[tuple(catalogue.NETWORKS)]  # type: ignore[valid-type]
Behaviour = Literal[tuple(catalogue.BEHAVIOURS)]  # type: ignore[valid-type]
Axis = Literal[tuple(catalogue.AXES)]  # type: ignore[valid-type]
#: What ``objectives[].kpi`` names: a catalogue code, or the id of one of the file's ``kpis``
#: (checked by :func:`reference_errors`, which knows both).
KpiCode = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$",
        description="A KPI: a code of mostra's catalogue (such as reach or registrations) "
        "or the id of one of the file's kpis",
    ),
]
KpiUnit = Literal[tuple(catalogue.KPI_UNITS)]  # type: ignore[valid-type]
Collection = Literal[tuple(catalogue.COLLECTIONS)]  # type: ignore[valid-type]
Stage = Literal[tuple(catalogue.STAGES)]  # type: ignore[valid-type]
ContentType = Literal[tuple(catalogue.CONTENT_TYPES)]  # type: ignore[valid-type]
Format = Literal[tuple(catalogue.FORMATS)]  # type: ignore[valid-type]
#: What ``formats`` accepts: the formats, and the content types that are not formats (the
#: source method's "vidéos, texte, photos"), which are read into ``content_types``.
FORMAT_WORDS = (*catalogue.FORMATS, *catalogue.CONTENT_TYPES_NOT_FORMATS)
FormatWord = Literal[FORMAT_WORDS]  # type: ignore[valid-type]
Day = Literal[tuple(catalogue.DAYS)]  # type: ignore[valid-type]
Gender = Literal[tuple(catalogue.GENDERS)]  # type: ignore[valid-type]
Education = Literal[tuple(catalogue.EDUCATION)]  # type: ignore[valid-type]
AgeBand = Annotated[
    str, Field(pattern=r"^\d{1,2}(-\d{1,2}|\+)$", description="An age band such as 18-29 or 65+")
]

TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class Part(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class WorkspaceInfo(Part):
    name: str = Field(min_length=1, max_length=120)
    slug: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,59}$")
    timezone: str = "Europe/Paris"
    language: Literal["fr", "en"] = "fr"


class Capacity(Part):
    posts_per_week: float | None = Field(default=None, ge=0, le=1000)


class Checks(Part):
    """Settings of the SMART check."""

    new_account_months: int = Field(default=6, ge=0, le=120)
    #: Monthly growth considered achievable when the account has no history (0.10 = 10 %).
    default_monthly_growth_max: float = Field(default=0.10, gt=0, le=10)


class MissionNetwork(Part):
    network: Network
    why: str = ""
    audience_present: bool | None = None
    competitors_present: bool | None = None
    partners_present: bool | None = None
    behaviour: list[Behaviour] = []
    active: bool | None = None


class Mission(Part):
    vision: str = ""
    networks: list[MissionNetwork] = []


class Segments(Part):
    age: list[AgeBand] = []
    gender: list[Gender] = []
    education: list[Education] = []
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")


class Target(Part):
    id: Id
    name: str = Field(min_length=1, max_length=200)
    kind: Literal["direct", "indirect"] = "direct"
    priority: int | None = Field(default=None, ge=1, le=1000)
    typology: Literal["collective", "individual"] = "collective"
    segments: Segments = Segments()
    behaviour: dict[Network, list[Behaviour]] = {}
    inactive: list[Network] = Field(
        default=[], description="Networks where the target is present but not active"
    )
    evidence: str = ""


class Platform(Part):
    network: Network
    handle: str = ""
    present_since: dt.date | None = None
    stage: Stage = "candidate"


class Baseline(Part):
    value: float
    date: dt.date
    source: str = ""


class KpiNames(Part):
    """A KPI's name in each language mostra speaks; at least one is given."""

    fr: str = Field(default="", max_length=120)
    en: str = Field(default="", max_length=120)


class Kpi(Part):
    """A KPI the workspace defines for itself: its values are recorded by the team."""

    id: KpiCode
    names: KpiNames
    unit: KpiUnit = "count"
    direction: catalogue.Direction = "up"
    axis: Axis = "action"
    collection: Collection | None = Field(
        default=None,
        description="sum: each value counts what happened that day (now = the last 30 days' "
        "total); latest: each value is a reading (now = the latest). Default: latest for "
        "percent and permille, else sum",
    )

    @model_validator(mode="after")
    def _names_and_collection(self) -> Kpi:
        if not (self.names.fr or self.names.en):
            raise ValueError("give the KPI a name: names: {fr: …, en: …}")
        if self.collection is None:
            self.collection = "latest" if self.unit in catalogue.READING_UNITS else "sum"
        elif self.collection == "sum" and self.unit in catalogue.READING_UNITS:
            raise ValueError(
                f"a KPI in {self.unit} cannot be added up day by day: write collection: latest"
            )
        return self

    def name(self, language: str) -> str:
        """The name in ``language`` ("fr" or "en"), else the other one."""
        first, second = (
            (self.names.fr, self.names.en) if language == "fr" else (self.names.en, self.names.fr)
        )
        return first or second


class Objective(Part):
    id: Id
    title: str = Field(min_length=1, max_length=200)
    description: str = ""
    axis: Axis
    networks: list[Network] = []
    kpi: KpiCode | None = None
    baseline: Baseline | None = None
    target: float | None = None
    start: dt.date | None = None
    deadline: dt.date | None = None
    owner: str | None = Field(default=None, description="The owner's e-mail address")
    targets: list[Id] = []
    alignment: str = ""


class Strategy(Part):
    id: Id
    objective: Id
    title: str = ""
    plan: str = ""
    owned_channels: list[str] = Field(default=[], description="Blog, site pages, contact form…")
    paid: bool = False


class Slot(Part):
    day: Day
    time: str
    network: Network | None = None

    @field_validator("time")
    @classmethod
    def _time(cls, value: str) -> str:
        if not TIME.match(value):
            raise ValueError("use HH:MM, such as 10:00 or 18:30")
        return value


class Tactic(Part):
    id: Id
    strategy: Id
    title: str = ""
    networks: list[Network] = []
    content_types: list[ContentType] = []
    formats: list[FormatWord] = Field(
        default=[],
        description="Formats (post, carousel, reel…); a content type that is not a format "
        "(video, text, photo…) is read into content_types",
    )
    slots: list[Slot] = []
    per_week: float | None = Field(default=None, ge=0, le=500)
    targets: list[Id] = []

    @model_validator(mode="after")
    def _content_types_written_as_formats(self) -> Tactic:
        """``formats: [video, photo]`` means ``content_types: [video, photo]``.

        Each moves after the content types already listed, in order, once.
        """
        moved = [code for code in self.formats if code not in catalogue.FORMATS]
        if moved:
            self.content_types = list(dict.fromkeys([*self.content_types, *moved]))
            self.formats = [code for code in self.formats if code in catalogue.FORMATS]
        return self


class StrategyDocument(Part):
    version: Literal[1] = 1
    workspace: WorkspaceInfo | None = None
    capacity: Capacity = Capacity()
    checks: Checks = Checks()
    mission: Mission = Mission()
    targets: list[Target] = []
    platforms: list[Platform] = []
    kpis: list[Kpi] = []
    objectives: list[Objective] = []
    strategies: list[Strategy] = []
    tactics: list[Tactic] = []

    # Lookups used by the checks.
    def target(self, target_id: str) -> Target | None:
        return next((t for t in self.targets if t.id == target_id), None)

    def platform(self, network: str) -> Platform | None:
        return next((p for p in self.platforms if p.network == network), None)

    def kpi(self, code: str | None) -> catalogue.Kpi | None:
        """The KPI ``code`` names: the catalogue's, else one of the file's ``kpis`` (named
        in the active language); None when neither has it."""
        if not code:
            return None
        if code in catalogue.KPIS:
            return catalogue.KPIS[code]
        own = next((k for k in self.kpis if k.id == code), None)
        if own is None:
            return None
        language = "fr" if (translation.get_language() or "en").startswith("fr") else "en"
        label: Any = own.name(language)
        return catalogue.Kpi(own.id, label, own.axis, own.direction, own.unit)

    def strategies_of(self, objective_id: str) -> list[Strategy]:
        return [s for s in self.strategies if s.objective == objective_id]

    def tactics_of_objective(self, objective_id: str) -> list[Tactic]:
        ids = {s.id for s in self.strategies_of(objective_id)}
        return [t for t in self.tactics if t.strategy in ids]

    def priority_targets(self) -> list[Target]:
        return sorted((t for t in self.targets if t.priority), key=lambda t: t.priority or 0)


def reference_errors(doc: StrategyDocument) -> list[tuple[tuple[str | int, ...], str]]:
    """Duplicate ids and references to ids that do not exist, as (path, message).

    These make a file unusable (it cannot be imported), unlike lint findings.
    """
    errors: list[tuple[tuple[str | int, ...], str]] = []
    seen: dict[str, tuple[str | int, ...]] = {}
    for section in ("targets", "objectives", "strategies", "tactics"):
        for i, item in enumerate(getattr(doc, section)):
            if item.id in seen:
                errors.append(((section, i, "id"), f"duplicate id {item.id!r}"))
            else:
                seen[item.id] = (section, i)
    networks_seen: set[str] = set()
    for i, p in enumerate(doc.platforms):
        if p.network in networks_seen:
            errors.append((("platforms", i, "network"), f"network {p.network!r} is listed twice"))
        networks_seen.add(p.network)
    mission_seen: set[str] = set()
    for i, m in enumerate(doc.mission.networks):
        if m.network in mission_seen:
            errors.append(
                (("mission", "networks", i, "network"), f"network {m.network!r} is listed twice")
            )
        mission_seen.add(m.network)
    kpis_seen: set[str] = set()
    for i, k in enumerate(doc.kpis):
        if k.id in catalogue.KPIS:
            errors.append(
                (("kpis", i, "id"), f"{k.id!r} is a KPI of mostra's catalogue: choose another id")
            )
        elif k.id in kpis_seen:
            errors.append((("kpis", i, "id"), f"duplicate KPI id {k.id!r}"))
        kpis_seen.add(k.id)
    known_kpis = ", ".join(repr(code) for code in catalogue.KPIS)
    for i, o in enumerate(doc.objectives):
        if o.kpi and o.kpi not in catalogue.KPIS and o.kpi not in kpis_seen:
            errors.append(
                (
                    ("objectives", i, "kpi"),
                    f"{o.kpi!r} is not allowed here: use one of {known_kpis}, or the id of a KPI "
                    "defined under kpis",
                )
            )
    targets = {t.id for t in doc.targets}
    objectives = {o.id for o in doc.objectives}
    strategies = {s.id for s in doc.strategies}
    for i, o in enumerate(doc.objectives):
        for j, ref in enumerate(o.targets):
            if ref not in targets:
                errors.append((("objectives", i, "targets", j), f"no target has the id {ref!r}"))
    for i, s in enumerate(doc.strategies):
        if s.objective not in objectives:
            errors.append(
                (("strategies", i, "objective"), f"no objective has the id {s.objective!r}")
            )
    for i, t in enumerate(doc.tactics):
        if t.strategy not in strategies:
            errors.append((("tactics", i, "strategy"), f"no strategy has the id {t.strategy!r}"))
        for j, ref in enumerate(t.targets):
            if ref not in targets:
                errors.append((("tactics", i, "targets", j), f"no target has the id {ref!r}"))
    return errors
