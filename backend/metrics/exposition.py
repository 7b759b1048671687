"""The Prometheus text exposition format (version 0.0.4), written by hand: a few metric
families, each `# HELP`, `# TYPE` and its samples, label values escaped."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

Labels = Mapping[str, str]


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _number(value: float) -> str:
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value))


def sample(name: str, labels: Labels, value: float) -> str:
    if not labels:
        return f"{name} {_number(value)}"
    inside = ",".join(f'{key}="{_escape(str(val))}"' for key, val in labels.items())
    return f"{name}{{{inside}}} {_number(value)}"


@dataclass
class Family:
    name: str
    kind: str  # counter | gauge | histogram
    help: str
    lines: list[str] = field(default_factory=list)

    def add(self, labels: Labels, value: float, suffix: str = "") -> None:
        self.lines.append(sample(self.name + suffix, labels, value))

    def text(self) -> str:
        head = [f"# HELP {self.name} {self.help}", f"# TYPE {self.name} {self.kind}"]
        return "\n".join(head + self.lines)


def render(families: Iterable[Family]) -> str:
    return "\n".join(family.text() for family in families) + "\n"
