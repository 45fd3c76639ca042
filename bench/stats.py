"""Percentiles and the one result table (printed, and written as JSON)."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


def percentile(samples: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (``q`` in 0..100) of a non-empty sample."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass
class Result:
    """One line of the table: a measured value, its floor (when it has one) and its target."""

    section: str
    name: str
    value: float
    unit: str
    floor: float | None = None
    target: str = ""
    met: bool | None = None
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.floor is None or self.floor <= 0:
            return None
        return self.value / self.floor


def _number(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


def table(results: Sequence[Result]) -> str:
    rows = [("section", "measure", "stride", "floor", "ratio", "target", "met")]
    for r in results:
        rows.append(
            (
                r.section,
                r.name,
                f"{_number(r.value)} {r.unit}",
                f"{_number(r.floor)} {r.unit}" if r.floor is not None else "",
                f"{r.ratio:.2f}×" if r.ratio is not None else "",
                r.target,
                {True: "yes", False: "NO", None: ""}[r.met],
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)


def write_json(path: Path, meta: dict[str, Any], results: Sequence[Result]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    body = {**meta, "results": [{**asdict(r), "ratio": r.ratio} for r in results]}
    path.write_text(json.dumps(body, indent=2, default=str) + "\n")
