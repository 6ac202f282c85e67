"""``coach sandbox``: Ada, Tom and Ann each see the help of their roles."""

from __future__ import annotations

from pathlib import Path

from tests.bot.test_sandbox import after, assert_quiet, coach


def test_the_sandbox_people_see_the_help_of_their_roles(tmp_path: Path) -> None:
    script = "\n".join(["/as ada", "/start", "/as tom", "/help", "/as ann", "/help", "/quit"])

    result = coach(tmp_path, "sandbox", script=script + "\n")

    assert result.returncode == 0, result.stderr
    assert_quiet(result)
    ada = after(after(result.stdout, "Ada> /start"), "What I can do").split("Tom> ")[0]
    assert "you run it" in after(result.stdout, "Ada> /start")
    assert "/addtrainer" in ada and "/today" not in ada and "Coaching" not in ada
    tom = after(after(result.stdout, "Tom> /help"), "What I can do").split("Ann> ")[0]
    assert tom.index("Coaching") < tom.index("Settings") and "/today" not in tom
    assert "/addtrainer" not in tom
    ann = after(after(result.stdout, "Ann> /help"), "What I can do").split("Bye.")[0]
    assert "/today" in ann and "Coaching" not in ann and "/addtrainer" not in ann
