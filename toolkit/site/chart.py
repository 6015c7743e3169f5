"""Articles by stage over time, from the stage histories, as shapes for an inline SVG chart.

The chart is drawn by the template from the numbers computed here (polygon points, ticks,
labels), so every text in the SVG goes through the template's autoescaping.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta, tzinfo
from typing import Iterable

from toolkit.model import Article
from toolkit.workflow import parse_timestamp

# Distinguishable on white and for the common colour-vision deficiencies (Okabe-Ito order).
PALETTE = ("#999999", "#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00",
           "#cc79a7", "#000000")

# More points than this and the chart samples weekly (then monthly): a phone screen cannot
# show a year of daily points, and the build must stay fast on a long-lived corpus.
MAX_POINTS = 120

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 36, 12, 10, 28


@dataclass(frozen=True, slots=True)
class Band:
    """One stage's band of the stacked chart."""

    stage: str
    color: str
    points: str  # SVG polygon points
    latest: int  # articles in this stage on the last day


@dataclass(slots=True)
class StageChart:
    """Everything the template needs to draw the chart (empty `bands`: no history yet)."""

    days: list[date] = field(default_factory=list)
    counts: list[dict[str, int]] = field(default_factory=list)
    bands: list[Band] = field(default_factory=list)
    y_ticks: list[tuple[float, int]] = field(default_factory=list)  # (y, value)
    x_ticks: list[tuple[float, str, str]] = field(default_factory=list)  # (x, label, anchor)
    width: int = WIDTH
    height: int = HEIGHT
    step: str = "day"

    @property
    def plot(self) -> dict[str, int]:
        """The plot area's edges, for axes."""
        return {"left": LEFT, "right": self.width - RIGHT, "top": TOP, "bottom": self.height - BOTTOM}


def _moves(article: Article, tz: tzinfo | None) -> list[tuple[date, str]]:
    moves = []
    for entry in article.history:
        moved = parse_timestamp(entry.at)
        if moved is None:
            continue
        day = moved.astimezone(tz).date() if (moved.tzinfo and tz) else moved.date()
        moves.append((day, entry.to_stage))
    moves.sort(key=lambda m: m[0])  # stable: same-day moves keep their recorded order
    return moves


def sample_days(first: date, last: date) -> tuple[list[date], str]:
    """The days to plot between `first` and `last` (both included) and the step's name."""
    span = (last - first).days
    for step, days in (("day", 1), ("week", 7), ("month", 30)):
        if span // days + 1 <= MAX_POINTS:
            break
    else:
        days = max(1, span // (MAX_POINTS - 1))
        step = f"{days} days"
    sampled = [first + timedelta(days=n) for n in range(0, span + 1, days)]
    if sampled[-1] != last:
        sampled.append(last)
    return sampled, step


def stage_counts(articles: Iterable[Article], stages: list[str], days: list[date],
                 tz: tzinfo | None = None) -> list[dict[str, int]]:
    """For each day, how many articles were in each stage at the end of that day.

    An article counts from its first recorded move on; a stage that the settings no longer
    name is left out (the article was in a stage the desk has since renamed).
    """
    counts = [dict.fromkeys(stages, 0) for _ in days]
    for article in articles:
        moves = _moves(article, tz)
        if not moves:
            continue
        k = 0
        current: str | None = None
        for n, day in enumerate(days):
            while k < len(moves) and moves[k][0] <= day:
                current = moves[k][1]
                k += 1
            if current in counts[n]:
                counts[n][current] += 1
    return counts


def _nice_max(value: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if value <= step * 4:
            return max(step * ((value + step - 1) // step), step)
    return value


def stage_chart(articles: Iterable[Article], stages: list[str], today: date,
                tz: tzinfo | None = None) -> StageChart:
    """The stacked area chart of articles by stage from the first recorded move to today."""
    articles = list(articles)
    firsts = [moves[0][0] for a in articles if (moves := _moves(a, tz))]
    if not firsts:
        return StageChart()
    first = min(min(firsts), today)
    days, step = sample_days(first, today)
    counts = stage_counts(articles, stages, days, tz)
    top = _nice_max(max(sum(c.values()) for c in counts))
    x0, x1, y0, y1 = LEFT, WIDTH - RIGHT, HEIGHT - BOTTOM, TOP

    def x(n: int) -> float:
        return x0 + (x1 - x0) * (n / (len(days) - 1) if len(days) > 1 else 0.5)

    def y(value: float) -> float:
        return y0 - (y0 - y1) * value / top

    bands = []
    below = [0] * len(days)
    for n, stage in enumerate(stages):
        above = [below[i] + counts[i][stage] for i in range(len(days))]
        if len(days) == 1:
            # One day: draw a bar rather than a zero-width area.
            xs = [x0 + (x1 - x0) * 0.4, x0 + (x1 - x0) * 0.6]
            upper = [(xs[0], y(above[0])), (xs[1], y(above[0]))]
            lower = [(xs[1], y(below[0])), (xs[0], y(below[0]))]
        else:
            upper = [(x(i), y(above[i])) for i in range(len(days))]
            lower = [(x(i), y(below[i])) for i in reversed(range(len(days)))]
        points = " ".join(f"{px:.1f},{py:.1f}" for px, py in upper + lower)
        bands.append(Band(stage, PALETTE[n % len(PALETTE)], points, counts[-1][stage]))
        below = above
    step_value = max(1, top // 4)
    y_ticks = [(round(y(v), 1), v) for v in range(0, top + 1, step_value)]
    picks = sorted({round((len(days) - 1) * f) for f in (0, 0.25, 0.5, 0.75, 1)})
    label = "%b %Y" if (days[-1] - days[0]).days > 300 else "%b %-d"
    if len(days) == 1:
        x_ticks = [(round((x0 + x1) / 2, 1), days[0].strftime(label), "middle")]
    else:
        # The end labels align inwards so that they are not cut off at the chart's edges.
        x_ticks = [(round(x(p), 1), days[p].strftime(label),
                    "start" if p == 0 else "end" if p == len(days) - 1 else "middle") for p in picks]
    return StageChart(days, counts, bands, y_ticks, x_ticks, step=step)
