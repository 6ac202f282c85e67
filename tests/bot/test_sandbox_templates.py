"""``coach sandbox``: a trainer saves a template, groups both athletes, publishes to them."""

from __future__ import annotations

from pathlib import Path

from tests.bot.test_sandbox import PLAN_LINES, after, assert_quiet, coach


def test_a_trainer_saves_a_template_and_publishes_it_to_a_group(tmp_path: Path) -> None:
    plan = "\\\n".join(PLAN_LINES)
    script = [
        "/as tom",
        "/plan", "1", "1", plan,
        "3",  # 💾 Save as template
        "Every day",
        "2",  # not published for Ann after all: ✖️ Cancel
        "/groups", "1",  # New group
        "Both",
        "1", "2", "3",  # Ann, Bob, 💾 Save
        "/templates", "1",  # 📑 Every day
        "1",  # 📤 Publish
        "1", "4",  # 👥 Both (2), Next
        "2",  # Next week
        "1",  # ✅ Publish
        "/quit",
    ]  # fmt: skip

    result = coach(tmp_path, "sandbox", script="\n".join(script) + "\n")

    assert result.returncode == 0, result.stderr
    assert_quiet(result)
    out = result.stdout
    preview = after(out, "Preview for Ann")
    assert "[3] 💾 Save as template" in preview
    saved = after(preview, "Saved as template Every day")
    group = after(saved, "Tom> Both")
    assert "[1] Ann" in group and "[2] Bob" in group
    card = after(group, "👆 💾 Save")
    assert "Both — 2 athletes" in card
    listed = after(card, "Tom> /templates")
    assert "[1] 📑 Every day" in listed
    who = after(listed, "👆 📤 Publish")
    assert "[1] 👥 Both (2)" in who
    shown = after(who, "👆 Next week")
    assert "Preview: Every day" in shown and "• Ann" in shown and "• Bob" in shown
    published = after(shown, "👆 ✅ Publish")
    assert "to 2 athletes: Ann, Bob" in published
    assert "📨 to Ann:" in published and "📨 to Bob:" in published
    assert "Tom published your plan" in after(published, "📨 to Bob:")
