"""Charts: the data handed to matplotlib matches the logs; one image smoke test."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

from PIL import Image

from bot import charts
from core import models
from core.measures import KG_PER_LB, LoadUnit
from core.services.progress import (
    CompletionSeries,
    RosterLine,
    WeekPoint,
    series_of,
)

ANN = models.Athlete(
    id=7,
    telegram_id=70,
    name="Ann",
    username=None,
    timezone=None,
    trainer_id=None,
    reminders_enabled=True,
    reachable=True,
)
T0 = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


def logs(name: str, *entries: dict) -> list[models.ExerciseLog]:
    out = []
    for index, fields in enumerate(entries):
        values = {
            "id": index + 1,
            "exercise_id": 1,
            "athlete_id": ANN.id,
            "sets": 3,
            "reps": None,
            "duration_seconds": None,
            "load": None,
            "notes": None,
            "logged_at": T0 + timedelta(days=7 * index),
            **fields,
        }
        out.append(models.ExerciseLog(name, models.CompletionLog(**values)))
    return out


def test_a_lifts_chart_shows_its_top_set_and_e1rm_per_log_in_the_readers_unit() -> None:
    squat = logs(
        "Back squat",
        {"reps": 5, "load_kg": 60.0},
        {"reps_by_set": (5, 5, 3), "load_kg": 65.0},
        {"reps": 3, "load_kg": 100 * KG_PER_LB},
    )
    chart = charts.exercise_chart(series_of(ANN, "Back squat", squat), LoadUnit.KG)
    assert chart.title == "Ann · Back squat"
    assert chart.x_labels == ("2 Nov", "9 Nov", "16 Nov")
    (panel,) = chart.panels
    assert panel.y_label == "Load (kg)"
    top, e1rm = panel.lines
    assert top.values == (60.0, 65.0, 45.25)
    assert e1rm.values == (70.0, 75.75, 50.0)  # Epley, rounded to the 0.25 kg step
    in_lb = charts.exercise_chart(series_of(ANN, "Back squat", squat), LoadUnit.LB)
    assert in_lb.panels[0].y_label == "Load (lb)" and in_lb.panels[0].lines[0].values[2] == 100


def test_a_runs_chart_shows_distance_and_pace_per_log() -> None:
    runs = logs(
        "Long run",
        {"sets": 1, "distance_m": 10000, "duration_seconds": 3300},
        {"sets": 1, "distance_m": 12000},  # untimed: a gap in the pace line
        {"sets": 1, "distance_m": 12000, "duration_seconds": 3900},
    )
    chart = charts.exercise_chart(series_of(ANN, "Long run", runs), LoadUnit.KG)
    distance, pace = chart.panels
    assert distance.lines[0].values == (10.0, 12.0, 12.0)
    assert pace.lines[0].values == (5.5, None, 5.42) and pace.invert_y


def test_completion_and_roster_charts() -> None:
    weeks = (
        WeekPoint(date(2026, 11, 2), 1, 2, 3, 67),
        WeekPoint(date(2026, 11, 9), 2, 3, 3, 100),
    )
    chart = charts.completion_chart(CompletionSeries(ANN, weeks))
    assert chart.panels[0].lines[0].values == (67.0, 100.0)
    assert chart.x_labels == ("W1\n2 Nov", "W2\n9 Nov")
    roster = charts.roster_chart("Tom", [RosterLine(ANN, weeks[1]), RosterLine(ANN, None)])
    assert roster.panels[0].lines[0].values == (100.0, None) and roster.horizontal


def test_the_png_decodes_at_phone_size() -> None:
    squat = logs("Back squat", {"reps": 5, "load_kg": 60.0}, {"reps": 5, "load_kg": 62.5})
    png = charts.render_png(charts.exercise_chart(series_of(ANN, "Back squat", squat), LoadUnit.KG))
    image = Image.open(io.BytesIO(png))
    image.load()
    assert (image.format, image.size) == ("PNG", (1080, 1080))
    # Not a blank canvas: the lines and the text put many colours on it.
    assert len(image.convert("RGB").getcolors(maxcolors=1_000_000)) > 50


def test_points_are_dated_in_the_athletes_timezone() -> None:
    squat = logs("Back squat", {"reps": 5, "load_kg": 60.0})  # 08:00 UTC on 2 Nov
    series = series_of(ANN, "Back squat", squat, "Pacific/Honolulu")  # 22:00 on 1 Nov
    assert charts.exercise_chart(series, LoadUnit.KG).x_labels == ("1 Nov",)
