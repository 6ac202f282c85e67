"""Charts as PNG images for the chat: what to draw (pure data) and drawing it (matplotlib).

``*_chart`` functions turn service data into a ``Chart``: the title, the x labels and
each line's values, exactly what matplotlib is handed, so tests check the numbers
without decoding pixels. ``render_png`` draws a Chart with matplotlib's Agg backend
(no display, no pyplot state) in the DejaVu fonts that ship with matplotlib, sized
for a phone: 1080x1080 pixels, large type, the athlete's name, units and dates.

Drawing is CPU work: ``ChartRenderer`` runs it in a worker process so that the event
loop never waits on it, and keeps Telegram's file_id of each chart it sent, keyed by
what the chart shows (athlete, exercise, last log, unit), so an unchanged chart is
neither redrawn nor uploaded again.
"""

from __future__ import annotations

import asyncio
import io
import multiprocessing
from collections import OrderedDict
from collections.abc import Hashable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date

from bot import i18n, texts
from core.measures import LoadUnit, load_in
from core.services.progress import CompletionSeries, ExerciseSeries, RosterLine

SIZE_INCHES = 9.0
DPI = 120  # 9 in x 120 dpi = 1080 px: sharp on a phone, small as a file
FONT_SIZE = 20
CACHE_SIZE = 512


@dataclass(frozen=True)
class Line:
    label: str
    values: tuple[float | None, ...]  # one per x label; None leaves a gap


@dataclass(frozen=True)
class Panel:
    y_label: str
    lines: tuple[Line, ...]
    bars: bool = False  # draw the first line as bars (completion)
    invert_y: bool = False  # pace: faster (less time) is up
    y_limits: tuple[float, float] | None = None


@dataclass(frozen=True)
class Chart:
    title: str
    x_labels: tuple[str, ...]
    panels: tuple[Panel, ...]
    horizontal: bool = False  # the roster: one bar per athlete
    empty_label: str = "No data yet"  # drawn in a worker: composed in the reader's language


def day_label(day: date) -> str:
    return i18n.day_month(day)


def exercise_chart(series: ExerciseSeries, unit: LoadUnit) -> Chart:
    """Load and e1RM over time for a lift; distance and pace over time for a run."""
    title = f"{series.athlete.name} · {series.name}"
    if series.strength and len(series.strength) >= len(series.runs):
        points = series.strength
        return Chart(
            title=title,
            x_labels=tuple(day_label(p.day) for p in points),
            panels=(
                Panel(
                    y_label=texts.CHART_LOAD.format(unit=unit.value),
                    lines=(
                        Line(
                            texts.CHART_TOP_SET, tuple(load_in(p.top_load_kg, unit) for p in points)
                        ),
                        Line(texts.CHART_E1RM, tuple(load_in(p.e1rm_kg, unit) for p in points)),
                    ),
                ),
            ),
            empty_label=texts.CHART_NO_DATA,
        )
    runs = series.runs
    return Chart(
        title=title,
        x_labels=tuple(day_label(p.day) for p in runs),
        panels=(
            Panel(
                y_label=texts.CHART_DISTANCE_KM,
                lines=(
                    Line(texts.CHART_DISTANCE, tuple(round(p.distance_m / 1000, 2) for p in runs)),
                ),
            ),
            Panel(
                y_label=texts.CHART_PACE_MIN_KM,
                lines=(
                    Line(
                        texts.CHART_PACE,
                        tuple(
                            None if p.pace_s_per_km is None else round(p.pace_s_per_km / 60, 2)
                            for p in runs
                        ),
                    ),
                ),
                invert_y=True,
            ),
        ),
        empty_label=texts.CHART_NO_DATA,
    )


def completion_chart(series: CompletionSeries) -> Chart:
    return Chart(
        title=texts.CHART_WEEKS_TITLE.format(athlete=series.athlete.name),
        x_labels=tuple(
            texts.CHART_WEEK_LABEL.format(number=w.week_number, date=day_label(w.week_start))
            for w in series.weeks
        ),
        panels=(
            Panel(
                y_label=texts.CHART_WORKOUTS_DONE,
                lines=(
                    Line(texts.CHART_COMPLETION, tuple(float(w.percentage) for w in series.weeks)),
                ),
                bars=True,
                y_limits=(0, 100),
            ),
        ),
        empty_label=texts.CHART_NO_DATA,
    )


def roster_chart(trainer_name: str, lines: Sequence[RosterLine]) -> Chart:
    return Chart(
        title=texts.CHART_ROSTER_TITLE.format(trainer=trainer_name),
        x_labels=tuple(line.athlete.name for line in lines),
        panels=(
            Panel(
                y_label=texts.CHART_WORKOUTS_DONE,
                lines=(
                    Line(
                        texts.CHART_COMPLETION,
                        tuple(
                            None if line.week is None else float(line.week.percentage)
                            for line in lines
                        ),
                    ),
                ),
                bars=True,
                y_limits=(0, 100),
            ),
        ),
        horizontal=True,
        empty_label=texts.CHART_NO_DATA,
    )


def render_png(chart: Chart) -> bytes:
    """Draw ``chart``; blocking and CPU-bound, so run it in a worker (ChartRenderer)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    rc = {
        "font.family": "DejaVu Sans",  # ships with matplotlib: nothing is downloaded
        "font.size": FONT_SIZE,
        "axes.titlesize": FONT_SIZE + 4,
        "axes.labelsize": FONT_SIZE,
        "xtick.labelsize": FONT_SIZE - 4,
        "ytick.labelsize": FONT_SIZE - 2,
        "legend.fontsize": FONT_SIZE - 2,
    }
    import matplotlib

    with matplotlib.rc_context(rc):
        figure = Figure(figsize=(SIZE_INCHES, SIZE_INCHES), dpi=DPI, layout="constrained")
        FigureCanvasAgg(figure)
        axes = figure.subplots(len(chart.panels), 1, squeeze=False)[:, 0]
        positions = list(range(len(chart.x_labels)))
        for index, (ax, panel) in enumerate(zip(axes, chart.panels, strict=True)):
            _draw_panel(ax, panel, chart, positions)
            if index == 0:
                ax.set_title(chart.title, loc="left", fontweight="bold")
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def _draw_panel(ax, panel: Panel, chart: Chart, positions: list[int]) -> None:
    if not positions:
        ax.text(0.5, 0.5, chart.empty_label, ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return
    if panel.bars:
        values = [0.0 if v is None else v for v in panel.lines[0].values]
        if chart.horizontal:
            ax.barh(positions, values, color="#2e7d32")
            ax.set_yticks(positions, chart.x_labels)
            ax.invert_yaxis()
            ax.set_xlabel(panel.y_label)
            if panel.y_limits:
                ax.set_xlim(*panel.y_limits)
            for y, value in zip(positions, panel.lines[0].values, strict=True):
                label = "no plan" if value is None else f"{value:.0f}%"
                ax.text(2, y, label, va="center", color="white" if value else "black")
            return
        ax.bar(positions, values, color="#2e7d32")
    else:
        for line in panel.lines:
            xs = [x for x, v in zip(positions, line.values, strict=True) if v is not None]
            ys = [v for v in line.values if v is not None]
            ax.plot(xs, ys, marker="o", linewidth=3, markersize=9, label=line.label)
        if len(panel.lines) > 1:
            ax.legend(loc="best")
    ax.set_ylabel(panel.y_label)
    if panel.y_limits:
        ax.set_ylim(*panel.y_limits)
    if panel.invert_y:
        ax.invert_yaxis()
    ax.grid(True, alpha=0.3)
    step = max(1, len(positions) // 6)  # at most about six date labels
    ax.set_xticks(positions[::step], chart.x_labels[::step])


_shared_executor: Executor | None = None


def shared_executor() -> Executor:
    """One worker process for the whole bot process, started on the first chart.

    Spawned, not forked: the bot's process has threads and an event loop. Python joins
    it at exit.
    """
    global _shared_executor
    if _shared_executor is None:
        _shared_executor = ProcessPoolExecutor(
            max_workers=1, mp_context=multiprocessing.get_context("spawn")
        )
    return _shared_executor


class ChartRenderer:
    """Renders charts in a worker and remembers Telegram's file_id of each one sent.

    One per bot (a file_id belongs to the bot that sent it); the worker is shared.
    """

    def __init__(self, executor: Executor | None = None) -> None:
        self._executor = executor
        self._file_ids: OrderedDict[Hashable, str] = OrderedDict()
        self.renders = 0  # how many charts were drawn (the rest came from the cache)

    def cached(self, key: Hashable) -> str | None:
        file_id = self._file_ids.get(key)
        if file_id is not None:
            self._file_ids.move_to_end(key)
        return file_id

    def remember(self, key: Hashable, file_id: str) -> None:
        self._file_ids[key] = file_id
        self._file_ids.move_to_end(key)
        while len(self._file_ids) > CACHE_SIZE:
            self._file_ids.popitem(last=False)

    def forget(self, key: Hashable) -> None:
        self._file_ids.pop(key, None)

    async def render(self, chart: Chart) -> bytes:
        self.renders += 1
        executor = self._executor or shared_executor()
        return await asyncio.get_running_loop().run_in_executor(executor, render_png, chart)
