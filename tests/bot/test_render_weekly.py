"""How the week's numbers, logs and check-ins read in the summary and the digest."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot import render
from core import models
from core.measures import LoadUnit
from local_bot_api import parse_html

WEEK = date(2026, 11, 23)
AT = datetime(2026, 11, 29, 20, tzinfo=UTC)


def _athlete(athlete_id: int, name: str, units: str = "kg") -> models.Athlete:
    return models.Athlete(athlete_id, 100 + athlete_id, name, None, None, 9, True, True, units)


def _checkin(**fields) -> models.CheckIn:
    values = dict(
        athlete_id=1,
        week_start=WEEK,
        energy=3,
        sleep=4,
        soreness=2,
        body_weight_kg=72.4,
        note="knee sore",
        answered_at=AT,
        updated_at=AT,
    )
    return models.CheckIn(**{**values, **fields})


def _stats(athlete_id: int, completed_minutes: int) -> models.PlanStats:
    return models.PlanStats(athlete_id, athlete_id, 9, WEEK, 2, 3, 1, 4, 105, completed_minutes)


def _run_log(notes: str | None) -> models.WeekLog:
    exercise = models.Exercise(5, 2, 0, "Run <fast>", 1, None, 1800, None, None, None)
    log = models.CompletionLog(8, 5, 1, 1, None, 1920, None, notes, AT)
    return models.WeekLog(1, WEEK, exercise, log)


def test_a_checkin_reads_as_the_product_shows_it() -> None:
    assert render.checkin_line(_checkin(), LoadUnit.KG) == "⚡3 😴4 💢2 · 72.4 kg · “knee sore”"
    assert render.checkin_line(_checkin(), LoadUnit.LB) == "⚡3 😴4 💢2 · 159.6 lb · “knee sore”"
    skipped = _checkin(energy=None, body_weight_kg=None, note="<b>")
    assert render.checkin_line(skipped, LoadUnit.KG) == "😴4 💢2 · “&lt;b&gt;”"
    nothing = _checkin(energy=None, sleep=None, soreness=None, body_weight_kg=None, note=None)
    assert render.checkin_line(nothing, LoadUnit.KG) == "checked in, everything skipped"


def test_minutes_say_no_time_logged_rather_than_zero() -> None:
    assert render.summary_minutes(0, 105) == "Minutes: no time logged (105 planned)"
    assert render.summary_minutes(32, 105) == "Minutes: 32 logged of 105 planned"
    assert render.digest_minutes(0, 105) == "no time logged"
    assert render.digest_minutes(32, 105) == "32 of 105 min"


def test_the_digest_lists_each_athletes_logs_and_checkin() -> None:
    trainer_person = _athlete(9, "Tom")
    digest = models.TrainerDigest(
        recipient=trainer_person,
        trainer=models.Trainer(9, 9, 109, "Tom", "", ""),
        week_start=WEEK,
        lines=(
            models.DigestLine(
                _athlete(1, "Ann"),
                _stats(1, 32),
                logs=(_run_log("knee a bit sore"), _run_log(None)),
                checkin=_checkin(),
            ),
            models.DigestLine(
                _athlete(2, "Bob"),
                _stats(2, 0),
                checkin=_checkin(athlete_id=2, week_start=date(2026, 11, 16), note=None),
            ),
        ),
        without_plan=(),
    )
    text = render.digest_text(digest)
    parse_html(text)  # valid markup
    ann, bob = text.split("\n2. ")
    assert "week 2: 1/3 workouts (33%), 32 of 105 min" in ann
    assert "   ⚡3 😴4 💢2 · 72.4 kg · “knee sore”" in ann
    assert "   · Run &lt;fast&gt;: 1x32min (planned 1x30min) — knee a bit sore" in ann
    assert ann.count("1x32min") == 2
    assert "no time logged" in bob and "   last week: ⚡3 😴4 💢2 · 72.4 kg" in bob


def test_a_long_week_of_logs_is_cut_short_in_the_digest() -> None:
    line = models.DigestLine(
        _athlete(1, "Ann"), _stats(1, 32), logs=tuple(_run_log(None) for _ in range(11))
    )
    details = render.digest_week_details(line)
    assert details.count("1x32min") == render.DIGEST_LOGS_PER_ATHLETE
    assert details.endswith("… and 3 more")
