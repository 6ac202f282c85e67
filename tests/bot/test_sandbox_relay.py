"""``coach sandbox``: an athlete writes to the trainer, who replies (the real process)."""

from __future__ import annotations

from pathlib import Path

from tests.bot.test_sandbox import after, assert_quiet, coach


def test_an_athlete_writes_and_the_trainer_replies(tmp_path: Path) -> None:
    script = "\n".join(
        [
            "/as ann",
            "How deep should I squat?",
            "/photo my setup",
            "/as tom",
            "/reply Below parallel",
        ]
    )

    result = coach(tmp_path, "sandbox", script=script + "\n/quit\n")

    assert result.returncode == 0, result.stderr
    assert_quiet(result)
    asked = after(result.stdout, "Ann> How deep should I squat?")
    assert "✅ Sent to Tom." in asked
    assert "💬 Ann: How deep should I squat?" in after(asked, "📨 to Tom:")
    photo = after(asked, "Ann> /photo my setup")
    assert "[photo]" in photo and "💬 Ann: my setup" in photo
    replied = after(photo, "Tom> /reply Below parallel")
    assert "✅ Sent to Ann." in replied
    answer = after(replied, "📨 to Ann:")
    assert "💬 Tom: Below parallel" in answer
