"""``/tick <ISO time>`` in ``coach sandbox``: the real process, a piped script."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from core.weeks import current_week_start
from tests.bot.test_sandbox import PLAN_LINES, after, assert_quiet, coach


def test_tick_runs_the_scheduler_at_that_moment_and_the_checkin_follows(tmp_path: Path) -> None:
    # Next week's plan and Sunday: the sandbox's own (wall-clock) ticks never get there.
    monday = current_week_start(datetime.now(UTC), "UTC") + timedelta(days=7)
    sunday_20 = f"{monday + timedelta(days=6)}T20:00"
    plan = "\\\n".join(PLAN_LINES)
    script = "\n".join(
        [
            "/tick next sunday",
            "/tick",
            "/as tom",
            "/plan",
            "1",  # Ann
            "2",  # Next week
            plan,
            "1",
            f"/tick {sunday_20}",
            "/as ann",
            "1",  # 📝 Check in, under the summary
            "3",  # energy: the message turns into the sleep question
            "/quit",
        ]
    )

    result = coach(tmp_path, "sandbox", script=script + "\n")

    assert result.returncode == 0, result.stderr
    assert_quiet(result)
    out = result.stdout
    assert "/tick TIME" in out  # in the banner's command list
    refused = after(out, "/tick next sunday")
    assert "⚠️ 'next sunday' is not a moment" in refused and "/tick 2026-12-07T08:00" in refused
    assert "⚠️ /tick needs a moment in ISO form" in after(refused, "> /tick\n")
    ticked = after(out, f"/tick {sunday_20}")
    assert "⏰ tick at" in ticked and "sent" in ticked
    assert "Your week in review" in ticked and "How was your week?" in ticked
    assert "Your athletes' week" in ticked  # Tom's digest
    checkin = after(ticked, "Ann> 1")
    assert "Energy" in checkin
    assert "Sleep" in after(checkin, "Ann> 3")
