"""``coach sandbox``: issue 8's scenario, a program for a whole roster.

As Tom: save a template, make a group of Ann and Bob, build a 4-week program on the
template with a rep range relative to the training max (set for Ann, not for Bob),
publish it to the group with the loads shown per athlete, then ``/tick`` to the Friday
before week 2 (the weeks are generated, Tom sees them) and to Thursday 12:00 (the
Thursday check). The real process, a piped script.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from core.weeks import current_week_start
from tests.bot.test_sandbox import DAYS, after, assert_quiet, coach

TEMPLATE = "\\\n".join(
    line for day in DAYS for line in (f"{day}: {day} lift (45 min)", "- Bench press 3x8-12 @ 75%")
)
PROGRESSIONS = "\\\n".join(["Week 2: +1 rep", "Week 3: +1 rep", "Week 4: -10%"])


def test_a_program_for_a_group_with_loads_per_athlete_then_fridays_and_thursday(
    tmp_path: Path,
) -> None:
    monday = current_week_start(datetime.now(UTC), "UTC")
    friday_before_week_2 = f"{monday + timedelta(days=4)}T12:00"
    thursday_of_week_2 = f"{monday + timedelta(days=10)}T12:00"
    script = [
        "/as tom",
        "/plan", "1", "1", TEMPLATE,  # Ann, This week, the week
        "3",  # 💾 Save as template
        "Bench week",
        "2",  # ✖️ Cancel: nothing published from /plan
        "/groups", "1",  # New group
        "Both",
        "1", "2", "3",  # Ann, Bob, 💾 Save
        "/max Ann Bench press 100kg",
        "/programs", "1",  # New program
        "Bench block",
        "1",  # 📄 Build it on a template
        "1",  # 📑 Bench week
        PROGRESSIONS,
        "2",  # 📤 Publish (under ▶️)
        "1", "4",  # 👥 Both (2), Next
        "1",  # This week
        "1",  # Week 1
        "1",  # ✅ Publish
        f"/tick {friday_before_week_2}",
        f"/tick {thursday_of_week_2}",
        "/quit",
    ]  # fmt: skip

    result = coach(tmp_path, "sandbox", script="\n".join(script) + "\n")

    assert result.returncode == 0, result.stderr
    assert_quiet(result)
    out = result.stdout
    saved = after(out, "Saved as template Bench week")
    assert "Both — 2 athletes" in after(saved, "👆 💾 Save")
    assert "training max for Bench press is now 100kg" in after(saved, "/max Ann Bench press")
    asked = after(saved, "Tom> Bench block")
    assert "[1] 📄 Build it on a template" in asked
    template = after(asked, "👆 📄 Build it on a template")
    assert "[1] 📑 Bench week" in template
    progressions = after(template, "👆 📑 Bench week")
    assert "Week 1 of Bench block is Bench week" in progressions
    program = after(progressions, "Week 4: -10%")
    assert "Saved Bench block: 4 weeks" in program
    who = after(program, "👆 📤 Publish")
    assert "[1] 👥 Both (2)" in who and "[2] Ann" in who and "[3] Bob" in who
    start = after(who, "👆 This week")
    assert "which of its 4 weeks comes first?" in start and "[4] Week 4" in start
    preview = after(start, "👆 Week 1")
    assert "Preview: Bench block" in preview
    assert "no training max or logs for Bench press" in after(preview, "• Bob")
    ann_plan = after(preview, "Ann:")
    assert "Bench press — 3x8-12 @ 75kg" in ann_plan.split("Bob:")[0]
    assert "@ 75" not in after(preview, "Bob:").split("[1]")[0]  # no load without a max
    published = after(preview, "👆 ✅ Publish")
    assert "to 2 athletes: Ann, Bob" in published
    assert "Published without a load" in published and "• Bob: Bench press" in published
    assert "• Ann:" not in published.split("📨")[0]
    assert "📨 to Ann:" in published and "📨 to Bob:" in published

    friday = after(out, f"/tick {friday_before_week_2}")
    friday = friday.split(f"/tick {thursday_of_week_2}")[0]
    assert "Bench block week 2 of 4 is ready for Ann" in friday
    assert "Bench block week 2 of 4 is ready for Bob" in friday
    ann_week_2 = after(friday, "is ready for Ann").split("is ready for Bob")[0]
    assert "Bench press — 3x9-13 @ 75kg" in ann_week_2  # +1 rep on the range, Ann's max
    assert "Bench press — 3x9-13\n" in after(friday, "is ready for Bob")  # no max: no load
    thursday = after(out, f"/tick {thursday_of_week_2}")
    check = after(thursday, "Thursday check · who needs your attention")
    assert "• Ann — 💤 nothing ticked for 4 days" in check
    assert "• Bob — 💤 nothing ticked for 4 days" in check
    assert "No plan for next week" not in check  # week 3 comes from the program on Friday
