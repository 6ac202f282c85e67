"""``coach sandbox`` end to end: the real process, a piped script, what the terminal shows.

Each test starts ``python -m coach.cli`` in a temporary directory (so the sandbox database
lands there) without a bot token, feeds stdin through a pipe and reads stdout. The REPL
handles one line at a time and waits for the bot after each, so the whole script can be
written at once.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
# A workout every day, so that /today has one whatever day the test runs on.
PLAN_LINES = [
    line for day in DAYS for line in (f"{day}: {day} session (30 min)", "- Push-ups 3x12")
]


def coach(
    tmp_path: Path, *args: str, script: str = "", **env: str
) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TELEGRAM_", "COACH_")) and key != "DATABASE_URL"
    }
    environment.update(
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        PYTHONIOENCODING="utf-8",
        PTB_TIMEDELTA="true",
        **env,
    )
    return subprocess.run(
        [sys.executable, "-m", "coach.cli", *args],
        input=script,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=tmp_path,
        env=environment,
        timeout=60,
        check=False,
    )


def after(text: str, marker: str) -> str:
    """The part of ``text`` after ``marker``, which must be there."""
    assert marker in text, f"{marker!r} not in the output:\n{text}"
    return text.split(marker, 1)[1]


def assert_quiet(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert " INFO " not in result.stderr, result.stderr


def test_a_trainer_publishes_and_the_athlete_taps_done(tmp_path: Path) -> None:
    plan = "\\\n".join(PLAN_LINES)  # continued lines: one multi-line message
    script = "\n".join(["/as tom", "/plan", "1", "1", plan, "1", "/as ann", "/today", "1", "/quit"])

    result = coach(tmp_path, "sandbox", script=script + "\n")

    assert result.returncode == 0, result.stderr
    assert_quiet(result)
    out = result.stdout
    assert "Coach sandbox" in out and "Type /start" in out
    assert "/as NAME" in out and "/sandbox-help" in out
    assert "Ann  athlete of Tom" in out and "Tom  trainer" in out

    picking = after(out, "Tom> /plan")
    assert "[1] Ann" in picking and "[2] Bob" in picking
    week = after(picking, "👆 Ann")
    assert "[1] This week" in week
    preview = after(week, "👆 This week")
    assert "Preview for Ann" in after(preview, "... - Push-ups 3x12")
    published = after(preview, "👆 ✅ Publish")
    assert "Published week 1 for Ann" in published
    told = after(published, "📨 to Ann:")
    assert "Tom published your plan" in told and "Sun session" in told

    today = after(told, "Ann> /today")
    assert "Today," in today and "[1] ✅ Done:" in today
    done = after(today, "👆 ✅ Done:")
    assert "💬 Nice work! Marked done." in done and "Undo:" in done
    trainer_told = after(done, "📨 to Tom:")
    assert "💪 Ann finished" in trainer_told and "week 1: 1 of 7 done" in trainer_told
    assert out.rstrip().endswith("Bye.")
    assert (tmp_path / "coach-sandbox.db").exists()

    # The next run finds the same people and the same week in the same database.
    again = coach(tmp_path, "sandbox", script="/as ann\n/today\n")
    assert again.returncode == 0, again.stderr
    assert "Ann  athlete of Tom" in again.stdout
    assert "↩️ Undo:" in after(again.stdout, "Ann> /today")


def test_run_without_a_token_can_start_the_sandbox(tmp_path: Path) -> None:
    production = tmp_path / "production.db"

    result = coach(
        tmp_path,
        "run",
        "--sandbox-if-no-token",
        script="/who\n/quit\n",
        DATABASE_URL=f"sqlite+aiosqlite:///{production}",
    )

    assert result.returncode == 0, result.stderr
    assert_quiet(result)
    assert "starting the local sandbox" in result.stdout
    assert "Coach sandbox" in result.stdout and "Type /start" in result.stdout
    assert "→ Tom" in after(result.stdout, "Tom> /who")
    assert (tmp_path / "coach-sandbox.db").exists()
    assert not production.exists()


def test_the_sandbox_database_can_be_chosen(tmp_path: Path) -> None:
    chosen = tmp_path / "chosen.db"

    result = coach(
        tmp_path,
        "sandbox",
        script="/quit\n",
        COACH_SANDBOX_DATABASE_URL=f"sqlite+aiosqlite:///{chosen}",
    )

    assert result.returncode == 0, result.stderr
    assert str(chosen) in result.stdout
    assert chosen.exists() and not (tmp_path / "coach-sandbox.db").exists()


def test_run_without_a_token_refuses_and_says_how_to_get_one(tmp_path: Path) -> None:
    result = coach(tmp_path, "run")

    assert result.returncode == 2
    assert "TELEGRAM_BOT_TOKEN" in result.stderr and "@BotFather" in result.stderr


def test_the_sandbox_serves_the_dashboard_signed_in_as_its_people(tmp_path: Path) -> None:
    """/dashboard prints a link to the sandbox's own web server; its launch parameters are
    signed like Telegram's, so the real API answers as that person, and as nobody else."""
    import json
    import re
    from urllib.parse import parse_qs, unquote

    import httpx

    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TELEGRAM_", "COACH_")) and key != "DATABASE_URL"
    }
    environment.update(
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        PYTHONIOENCODING="utf-8",
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "coach.cli", "sandbox"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        cwd=tmp_path,
        env=environment,
    )
    try:
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write("/as ann\n/dashboard\n")
        process.stdin.flush()
        link = None
        for line in process.stdout:  # ends at the process's end, so a hang fails the timeout
            if match := re.search(r"(http://127\.0\.0\.1:\d+/app/#tgWebAppData=\S+)", line):
                link = match[1]
                break
        assert link is not None, "no dashboard link printed"
        base, _, fragment = link.partition("#tgWebAppData=")
        init_data = unquote(fragment)
        user = json.loads(parse_qs(init_data)["user"][0])
        assert user["id"] == 7_000_003 and user["first_name"] == "Ann"
        page = httpx.get(base, timeout=10)
        assert page.status_code == 200 and "<script" in page.text
        origin = base.removesuffix("/app/")
        me = httpx.get(
            f"{origin}/api/me", headers={"Authorization": f"tma {init_data}"}, timeout=10
        )
        assert me.status_code == 200, me.text
        assert "Ann" in me.text
        forged = init_data.replace("Ann", "Bob")
        refused = httpx.get(
            f"{origin}/api/me", headers={"Authorization": f"tma {forged}"}, timeout=10
        )
        assert refused.status_code == 401
        process.stdin.write("/quit\n")
        process.stdin.flush()
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


def test_the_sandbox_trainer_sees_both_athletes_and_their_cards(tmp_path: Path) -> None:
    # Roster: [1] Ann, [2] Bob (same flags, by name). Card: 1 Plan .. 6 History, 7 Back.
    script = "\n".join(["/as tom", "/athletes", "1", "6", "1", "7", "2", "/quit"])

    result = coach(tmp_path, "sandbox", script=script + "\n")

    assert result.returncode == 0, result.stderr
    assert_quiet(result)
    roster = after(result.stdout, "Tom> /athletes")
    assert "Your athletes (2)" in roster
    assert "[1] " in roster and "Ann" in roster and "[2] " in roster and "Bob" in roster
    ann = after(roster, "👤 Ann")
    assert "This week: no plan." in ann and "[6] 📅 History" in ann
    history = after(ann, "👆 📅 History")
    assert "Ann has no weeks yet." in history
    back = after(history, "👆 ◀️ Ann's card")
    assert "👤 Ann" in back
    assert "👤 Bob" in after(after(back, "👆 ◀️ Back to athletes"), "Your athletes (2)")
