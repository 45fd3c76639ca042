"""The charts drawn to PNG with matplotlib's object-oriented API on the Agg canvas.

matplotlib is imported inside the functions, never at the top of this module: importing it
costs a good fraction of a second and most commands never draw, so start-up stays fast
(the bot calls these in a worker process, ``core.services.charts.ChartWorkers``). Each
chart is its own ``Figure`` with its own canvas (no pyplot and its global "current
figure"), so nothing of one render leaks into the next. The shared rcParams are
set once: a fixed font and DPI (sizes stay predictable), big text for chat previews about
400 px wide, and mathtext off, because a ``$`` in a member's skill name would otherwise be
parsed as TeX and can crash the render.

Colours are the Okabe–Ito palette (safe for colour-blind readers), and every status also has
its own hatch and its name in the legend, so no one has to tell colours apart.
"""

from __future__ import annotations

import functools
import io
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from core.charts.data import (
    CohortChart,
    EaseChart,
    RoadmapChart,
    SkillLevels,
    SkillsChart,
    WeeklyHoursChart,
)
from core.domain.ease import EASES, PRIORITIES, QUICK_WIN
from core.domain.levels import ease_label, priority_label
from core.formatting import hour_band, plural
from core.services.context import short

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

ImageFormat = Literal["png", "svg"]
DPI = 100
WIDTH = 8.0
"""Inches: 800 px at ``DPI``; previews shrink it to about half, so fonts start large."""
NAME_CHARS = 26

# Okabe–Ito, the same colours as the Discord embeds (bot/discord/render_base.py).
ORANGE = "#E69F00"
SKY = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
INK = "#222222"
GREY = "#BBBBBB"

STATUS_STYLE: dict[str, tuple[str, str]] = {
    "under": (ORANGE, "//"),
    "within": (GREEN, ""),
    "over": (PURPLE, "xx"),
    "no budget": (GREY, ".."),
    "paused": (YELLOW, "\\\\"),
}
STATUS_LABEL = {"under": "under band", "within": "inside band", "over": "over band"}
SHORT_LABEL = {"within": "inside"}


@functools.cache
def _configure() -> None:
    """Set matplotlib's shared defaults once, on the first chart asked for."""
    import matplotlib

    matplotlib.rcParams.update(
        {
            "text.parse_math": False,
            "text.usetex": False,
            "font.family": "sans-serif",
            "font.sans-serif": ["DejaVu Sans"],
            "font.size": 14,
            "axes.titlesize": 16,
            "axes.labelsize": 14,
            "xtick.labelsize": 12,
            "ytick.labelsize": 13,
            "legend.fontsize": 12,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "hatch.linewidth": 1.2,
            "figure.facecolor": "white",
            "savefig.facecolor": "white",
            "svg.hashsalt": "stride",
        }
    )


def _figure(height: float, width: float = WIDTH) -> Figure:
    _configure()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _image(figure: Figure, fmt: ImageFormat) -> bytes:
    """The figure as PNG bytes (a chat attachment) or SVG text (a dashboard ``<img>``),
    without the date or software stamps that would make two renders of one chart differ."""
    buffer = io.BytesIO()
    metadata: dict[str, str | None] = {"Software": None} if fmt == "png" else {"Date": None, "Creator": None}
    with warnings.catch_warnings():
        # A member's name in a script DejaVu Sans lacks draws as boxes; the warning would
        # copy their text into the logs. (Renders run one at a time per worker process.)
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font", category=UserWarning)
        figure.savefig(buffer, format=fmt, dpi=DPI, metadata=metadata)
    return buffer.getvalue()


def _patch(colour: str, hatch: str, label: str) -> Artist:
    from matplotlib.patches import Patch

    return Patch(facecolor=colour, hatch=hatch, edgecolor=INK, label=label)


def _marker(marker: str, colour: str, label: str) -> Artist:
    from matplotlib.lines import Line2D

    return Line2D([], [], linestyle="", marker=marker, markersize=13, color=colour, label=label)


def _legend(figure: Figure, handles: Sequence[Artist], columns: int = 3) -> None:
    figure.legend(handles=list(handles), loc="outside lower center", ncol=columns, frameon=False)


def _integer_ticks(axis_ax: Axes, axis: str = "y", bins: int = 5) -> None:
    from matplotlib.ticker import MaxNLocator

    locator = MaxNLocator(nbins=bins, integer=True)
    (axis_ax.yaxis if axis == "y" else axis_ax.xaxis).set_major_locator(locator)


def render_weekly_hours(chart: WeeklyHoursChart, fmt: ImageFormat = "png") -> bytes:
    """Bars of hours per week, the budget band shaded behind them, streak weeks starred."""
    figure = _figure(4.8)
    ax = figure.add_subplot()
    top = max([week.hours for week in chart.weeks] + [chart.band_max or chart.band_min, 1.0])
    handles: list[Artist] = []
    if chart.band_max is not None:
        ax.axhspan(chart.band_min, chart.band_max, color=SKY, alpha=0.35, linewidth=0)
        handles.append(_patch(SKY, "", f"your band {hour_band(chart.band_min, chart.band_max)}"))
    else:
        ax.axhline(chart.band_min, color=BLUE, linestyle="--", linewidth=2.5)
        handles.append(_marker("_", BLUE, f"cohort default {hour_band(chart.band_min, None)}"))
    for x, week in enumerate(chart.weeks):
        if week.paused:
            ax.axvspan(x - 0.5, x + 0.5, facecolor=YELLOW, alpha=0.35, hatch="\\\\", edgecolor=GREY, lw=0)
        colour, hatch = STATUS_STYLE[chart.status(week.hours)]
        ax.bar(
            x,
            week.hours,
            width=0.72,
            color=colour,
            hatch=hatch,
            edgecolor=INK,
            alpha=0.6 if week.current else 1,
        )
        if week.in_streak:
            ax.plot(x, week.hours + top * 0.06, marker="*", markersize=15, color=INK)
    ax.set_xticks(range(len(chart.weeks)), [week.label for week in chart.weeks])
    ax.set_xlabel("ISO week (the last, paler bar is this week so far)")
    ax.set_ylabel("hours")
    ax.set_ylim(0, top * 1.2)
    _integer_ticks(ax)
    streak = f"{chart.streak}-week streak" if chart.streak else "no streak yet"
    ax.set_title(f"{short(chart.member, 18)}: hours per week · {streak}", loc="left")
    statuses = [_patch(*STATUS_STYLE[s], STATUS_LABEL[s]) for s in ("under", "within", "over")]
    if any(week.paused for week in chart.weeks):
        statuses.append(_patch(*STATUS_STYLE["paused"], "paused"))
    _legend(figure, [*handles, _marker("*", INK, "streak week"), *statuses])
    return _image(figure, fmt)


def skill_label(skill: SkillLevels) -> str:
    """The skill's name on one line, cut with … to fit beside the bars, and its priority."""
    return f"{short(skill.name, NAME_CHARS)} (P{skill.priority})"


def render_skills(chart: SkillsChart, fmt: ImageFormat = "png") -> bytes:
    """Each skill as a bar to its current level, a hatched stretch on to its target, and
    the levels it gained or lost in the trend window."""
    shown = chart.shown()
    figure = _figure(2.2 + 0.45 * len(shown))
    ax = figure.add_subplot()
    rows = range(len(shown))
    names = [skill_label(skill) for skill in shown]
    current = [skill.current for skill in shown]
    ax.barh(rows, current, height=0.62, color=BLUE, edgecolor=INK)
    gaps = [max(skill.target - skill.current, 0) for skill in shown]
    ax.barh(rows, gaps, left=current, height=0.62, color="white", hatch="//", edgecolor=BLUE)
    ax.scatter([skill.target for skill in shown], rows, marker="|", s=420, linewidths=3, color=INK, zorder=3)
    for row, skill in zip(rows, shown, strict=True):
        if skill.change:
            arrow, colour = ("▲", GREEN) if skill.change > 0 else ("▼", VERMILLION)
            ax.text(max(skill.target, skill.current) + 0.12, row, f"{arrow}{abs(skill.change)}", color=colour,
                    va="center", fontsize=13, fontweight="bold")  # fmt: skip
    ax.set_yticks(rows, names)
    ax.invert_yaxis()
    ax.set_xlim(0, 5.8)
    ax.set_xticks(range(6))
    ax.set_xlabel("level: 0 Unaware … 5 Can teach & advance")
    listed = f" · {len(shown)} of {len(chart.skills)}" if len(shown) < len(chart.skills) else ""
    ax.set_title(f"{short(chart.member, 30)}: skills, current → target{listed}", loc="left")
    _legend(
        figure,
        [
            _patch(BLUE, "", "current level"),
            _patch("white", "//", "still to go"),
            _marker("|", INK, "target"),
            _marker("^", GREEN, f"up in {chart.trend_days} days"),
            _marker("v", VERMILLION, "down"),
        ],
    )
    return _image(figure, fmt)


def _bins(top: float) -> list[float]:
    """About a dozen whole-hour bins from 0 past ``top``."""
    step = max(1, -(-int(top) // 12))
    return [float(edge) for edge in range(0, int(top) + 2 * step, step)]


def render_cohort(chart: CohortChart, fmt: ImageFormat = "png") -> bytes:
    """Left: how many students logged how many hours this week, stacked by budget status.
    Right: how many students are under, inside or over their band (or have none)."""
    figure = _figure(5.0, WIDTH + 1.5)
    hist_ax, status_ax = figure.subplots(1, 2, width_ratios=[2.2, 1])
    counts = chart.counts()
    groups = [group for group, count in counts.items() if count]
    by_group: dict[str, list[float]] = {group: [] for group in groups}
    for student in chart.students:
        group = "paused" if student.paused else student.status if student.has_budget else "no budget"
        by_group[group].append(student.hours)
    bins = _bins(max(s.hours for s in chart.students))
    _, _, bars = hist_ax.hist(
        [by_group[group] for group in groups],
        bins=bins,
        stacked=True,
        color=[STATUS_STYLE[group][0] for group in groups],
        edgecolor=INK,
        linewidth=0.7,
    )
    containers = bars if len(groups) > 1 else [bars]
    for group, container in zip(groups, containers, strict=True):
        for patch in container:
            patch.set_hatch(STATUS_STYLE[group][1])
    hist_ax.set_xlabel("hours logged this week")
    _integer_ticks(hist_ax, "x", 8)
    hist_ax.set_ylabel("students")
    _integer_ticks(hist_ax)
    hist_ax.set_title("hours per student", loc="left")
    labels = list(counts)
    status_ax.barh(
        range(len(labels)),
        list(counts.values()),
        color=[STATUS_STYLE[label][0] for label in labels],
        hatch=[STATUS_STYLE[label][1] for label in labels],
        edgecolor=INK,
    )
    most = max(counts.values())
    for row, value in enumerate(counts.values()):
        status_ax.text(value + most * 0.03, row, f"{value:,}", va="center", fontsize=13)
    status_ax.set_yticks(range(len(labels)), [SHORT_LABEL.get(label, label) for label in labels])
    status_ax.invert_yaxis()
    status_ax.set_xlim(0, max(most, 1) * 1.35)
    status_ax.set_xlabel("students")
    _integer_ticks(status_ax, "x", 3)
    status_ax.set_title("budget status", loc="left")
    active = sum(1 for s in chart.students if s.hours > 0)
    students = plural(len(chart.students), "student")
    figure.suptitle(f"{short(chart.cohort, 40)}, week {chart.week}: {active:,} of {students} logged hours")
    _legend(figure, [_patch(*STATUS_STYLE[g], STATUS_LABEL.get(g, g)) for g in labels], 5)
    return _image(figure, fmt)


def render_roadmap(chart: RoadmapChart, fmt: ImageFormat = "png") -> bytes:
    """Each phase as the share of its items done, with the counts written beside it."""
    shown = chart.shown()
    figure = _figure(2.2 + 0.45 * len(shown))
    ax = figure.add_subplot()
    rows = range(len(shown))
    done = [100 * min(phase.done, phase.total) / phase.total for phase in shown]
    ax.barh(rows, done, height=0.62, color=GREEN, edgecolor=INK)
    ax.barh(rows, [100 - share for share in done], left=done, height=0.62, color="white", hatch="//",
            edgecolor=GREEN)  # fmt: skip
    for row, phase in zip(rows, shown, strict=True):
        ax.text(102, row, f"{min(phase.done, phase.total)}/{phase.total}", va="center", fontsize=13)
    ax.set_yticks(rows, [short(phase.name, NAME_CHARS) for phase in shown])
    ax.invert_yaxis()
    ax.set_xlim(0, 122)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.set_xlabel("% of the phase's items done")
    ax.set_title(f"{short(chart.member, 30)}: roadmap progress by phase", loc="left")
    _legend(figure, [_patch(GREEN, "", "done"), _patch("white", "//", "to do")], 2)
    return _image(figure, fmt)


CELL_NAMES = 4
"""Names drawn in one cell of the ease matrix before "+N more"."""
CELL_CHARS = 21


def cell_text(names: Sequence[str]) -> str:
    """A matrix cell's names, one a line and cut to fit, the rest counted."""
    lines = [short(name, CELL_CHARS) for name in names[:CELL_NAMES]]
    if len(names) > CELL_NAMES:
        lines.append(f"+{len(names) - CELL_NAMES} more")
    return "\n".join(lines) or "—"


def render_ease_matrix(chart: EaseChart, fmt: ImageFormat = "png") -> bytes:
    """Seed 001's 3 × 3 matrix: priority down (1 Critical at the top), ease of learning across
    (easy on the left); each cell lists its skills, the quick wins' cell shaded, hatched and
    named, and the skills not rated yet counted underneath."""
    from matplotlib.colors import to_rgba
    from matplotlib.patches import Rectangle

    figure = _figure(5.6)
    ax = figure.add_subplot()
    for row, priority in enumerate(PRIORITIES):
        for column, ease in enumerate(EASES):
            quick = (priority, ease) == QUICK_WIN
            fill = to_rgba(GREEN, 0.3) if quick else "white"
            ax.add_patch(
                Rectangle((column, row), 1, 1, facecolor=fill, hatch="//" if quick else "", edgecolor=INK,
                          linewidth=2.5 if quick else 1)
            )  # fmt: skip
            # On the hatched cell, the words sit on white so the hatch never crosses them.
            box = {"facecolor": "white", "edgecolor": "none", "pad": 2} if quick else None
            if quick:
                ax.text(column + 0.04, row + 0.06, "★ quick wins", fontsize=11, fontweight="bold", va="top",
                        bbox=box)  # fmt: skip
            ax.text(column + 0.5, row + 0.6, cell_text(chart.matrix.cell(priority, ease)), ha="center",
                    va="center", fontsize=11, color=INK, linespacing=1.3, bbox=box)  # fmt: skip
    ax.set_xlim(0, len(EASES))
    ax.set_ylim(len(PRIORITIES), 0)
    ax.set_xticks([c + 0.5 for c in range(len(EASES))], [ease_label(e) for e in EASES])
    ax.set_yticks([r + 0.5 for r in range(len(PRIORITIES))], [priority_label(p) for p in PRIORITIES])
    ax.xaxis.tick_top()
    ax.xaxis.set_label_position("top")
    ax.set_xlabel("ease of learning")
    ax.set_ylabel("priority")
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_title(f"{short(chart.member, 30)}: priority × ease of learning", loc="left")
    unrated = chart.matrix.unrated
    if unrated:
        figure.supxlabel(f"not rated yet: {plural(len(unrated), 'skill')} (not placed)", fontsize=12)
    return _image(figure, fmt)
