"""A trainer's Done notices at Telegram's pace (bot/trainer_notices.py), end to end: the
real PTB stack over HTTP against the local Bot API, on SQLite and PostgreSQL.

The first notice goes at once; the ones that come within the window after it go
together when it ends; an Undo of a waiting one takes it out; an Undo of a shared
message sends a correction, of a message of its own edits it; a workout undone by
another process while its line was on its way is corrected by the line's sender."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select, text, update

from bot.context import runtime_of
from core.weeks import current_week_start
from local_bot_api import FakeBotApiServer, FakeUser
from storage.db import create_engine
from storage.inbox import UpdateInbox
from storage.tables import PlanRow, TrainerNoticeRow, WorkoutRow
from tests.bot.conftest import RunningBot, wait_text
from tests.bot.scheduling_helpers import seed

# The windows never end by themselves here: a test sends what waits with send_now(), so
# that no slow machine can spread its taps over two windows. One test keeps the timer.
WINDOW = 600.0


@pytest.fixture
def paced_bot(any_coach_bot: RunningBot) -> RunningBot:
    runtime_of(any_coach_bot.application).done_notices.window_seconds = WINDOW
    return any_coach_bot


@pytest.fixture
async def engine(paced_bot: RunningBot):
    engine = create_engine(paced_bot.settings.database_url)
    yield engine
    await engine.dispose()


class Roster:
    def __init__(self, api: FakeBotApiServer, trainer: FakeUser, athletes: dict[str, FakeUser]):
        self.api, self.trainer, self.athletes = api, trainer, athletes
        self.workout: dict[str, int] = {}
        self.message: dict[str, int] = {}

    async def tap(self, name: str, done: bool) -> None:
        user = self.athletes[name]
        press = await user.press_data(
            f"done:{self.workout[name]}:{int(done)}:t", self.message[name]
        )
        await press.answer()

    def told(self) -> list[str]:
        return [m.text for m in self.api.messages(self.trainer.id)]


@pytest.fixture
async def roster(paced_bot: RunningBot, api: FakeBotApiServer, engine, clock) -> Roster:
    """Fourteen athletes of one trainer, each with a workout this week and a message to tap:
    Ann, Bob, Cid, Dan, Eve, then X5 to X13 (Athlete 000 to Athlete 013 to the bot)."""
    seeded = await seed(
        engine,
        api,
        athletes=14,
        week_start=current_week_start(clock.now(), "UTC"),
        created_at=clock.now(),
        with_trainer=True,
        workout_days=(0,),
    )
    names = ["Ann", "Bob", "Cid", "Dan", "Eve", *(f"X{n}" for n in range(5, 14))]
    async with engine.begin() as connection:
        workouts = dict(
            (
                await connection.execute(
                    select(PlanRow.athlete_id, WorkoutRow.id).join(
                        WorkoutRow, WorkoutRow.plan_id == PlanRow.id
                    )
                )
            ).all()
        )
    athletes = {}
    trainer = api.user(seeded.trainer_telegram_id, seeded.names[seeded.trainer_telegram_id])
    result = Roster(api, trainer, athletes)
    bot = paced_bot.application.bot
    for name, telegram_id, athlete_id in zip(
        names, seeded.telegram_ids, seeded.athlete_ids, strict=True
    ):
        athletes[name] = api.user(telegram_id, seeded.names[telegram_id])
        result.workout[name] = workouts[athlete_id]
        result.message[name] = (await bot.send_message(telegram_id, "Your week")).message_id
    return result


def _line(n: int) -> str:
    return f"Athlete {n:03d} finished Session 1 (Monday) — week 1: 1 of 1 done."


async def test_notices_within_a_window_go_together_and_undo_keeps_them_true(
    paced_bot: RunningBot, roster: Roster, engine
) -> None:
    notices = runtime_of(paced_bot.application).done_notices
    # Ann's Done: her trainer's chat had no notice, so it goes at once, a message of its own.
    await roster.tap("Ann", True)
    await wait_text(roster.trainer, _line(0))
    assert roster.told() == ["💪 " + _line(0)]

    # Bob's and Cid's within the window: they wait, and Dan's Done is taken back before
    # the window ends, so Tess never hears of it.
    await roster.tap("Bob", True)
    await roster.tap("Cid", True)
    await roster.tap("Dan", True)
    await roster.tap("Dan", False)
    await paced_bot.settled()
    assert len(roster.told()) == 1  # nothing more yet: the window is still open
    await notices.send_now()
    assert roster.told() == ["💪 " + _line(0), f"💪 {_line(1)}\n💪 {_line(2)}"]

    # Bob takes his back: it shares a message, so Tess gets a correction and the shared
    # message stays as it was. The correction keeps the pace too: Cid's, a moment later,
    # goes in the same message.
    await roster.tap("Bob", False)
    await roster.tap("Cid", False)
    await paced_bot.settled()
    await notices.send_now()
    told = roster.told()
    assert told[1] == f"💪 {_line(1)}\n💪 {_line(2)}"
    assert told[2] == (
        "↩️ Correction: Athlete 001 undid Session 1 (Monday) — week 1: 0 of 1 done.\n"
        "↩️ Correction: Athlete 002 undid Session 1 (Monday) — week 1: 0 of 1 done."
    )

    # Ann takes hers back: a message of its own, so it is edited in place.
    await roster.tap("Ann", False)
    await paced_bot.settled()
    ann = roster.api.messages(roster.trainer.id)[0]
    assert ann.edited
    assert ann.text == ("↩️ Athlete 000 finished Session 1 (Monday) — undone. Week 1: 0 of 1 done.")
    assert len(roster.told()) == 3
    assert not any("Athlete 003" in text for text in roster.told())

    # Nothing is remembered: every notice sent was corrected once.
    async with engine.connect() as connection:
        assert (await connection.execute(select(TrainerNoticeRow.workout_id))).all() == []

    # Cid ticks again: remembered, alone in its message.
    await roster.tap("Cid", True)
    await paced_bot.settled()
    await notices.send_now()
    assert roster.told()[-1] == "💪 " + _line(2)
    async with engine.connect() as connection:
        rows = (
            await connection.execute(select(TrainerNoticeRow.workout_id, TrainerNoticeRow.shared))
        ).all()
    assert rows == [(roster.workout["Cid"], False)]


async def test_a_workout_undone_elsewhere_while_its_line_waited_is_corrected(
    paced_bot: RunningBot, roster: Roster, engine
) -> None:
    notices = runtime_of(paced_bot.application).done_notices
    notices.window_seconds = 2.0  # this one waits for the window's own timer
    await roster.tap("Ann", True)
    await wait_text(roster.trainer, _line(0))
    await roster.tap("Eve", True)  # waits for the window (two taps fit in two seconds)
    await paced_bot.settled()
    assert len(roster.told()) == 1
    # Another process handles Eve's Undo: its Done notice is not remembered yet, and that
    # process has no line of hers waiting, so it tells nobody.
    async with engine.begin() as connection:
        await connection.execute(
            update(WorkoutRow).where(WorkoutRow.id == roster.workout["Eve"]).values(completed=False)
        )
    await notices.settled()
    told = roster.told()
    assert told[1] == "💪 " + _line(4)
    assert told[2] == "↩️ Correction: Athlete 004 undid Session 1 (Monday) — week 1: 0 of 1 done."
    async with engine.connect() as connection:
        kept = (await connection.execute(select(TrainerNoticeRow.workout_id))).scalars().all()
    assert kept == [roster.workout["Ann"]]


async def test_what_waits_is_sent_when_the_bot_stops(paced_bot: RunningBot, roster: Roster) -> None:
    await roster.tap("Ann", True)
    await wait_text(roster.trainer, _line(0))
    await roster.tap("Bob", True)
    await paced_bot.settled()
    assert len(roster.told()) == 1
    await paced_bot.stop()  # long before the window ends
    assert roster.told() == ["💪 " + _line(0), "💪 " + _line(1)]


async def test_a_window_s_lines_beyond_ten_are_counted_and_still_corrected(
    paced_bot: RunningBot, roster: Roster
) -> None:
    notices = runtime_of(paced_bot.application).done_notices
    await roster.tap("Ann", True)
    await wait_text(roster.trainer, _line(0))
    for n in range(1, 14):  # thirteen within the window
        await roster.tap(list(roster.athletes)[n], True)
    await paced_bot.settled()
    await notices.send_now()
    told = roster.told()
    assert len(told) == 2
    assert told[1].splitlines() == [
        *(f"💪 {_line(n)}" for n in range(1, 11)),
        "…and 3 more workouts done (/athletes has them all).",
    ]
    # Athlete 012 was told of only in the count; its Undo is corrected all the same.
    await roster.tap("X12", False)
    await paced_bot.settled()
    await notices.send_now()
    assert roster.told()[2] == (
        "↩️ Correction: Athlete 012 undid Session 1 (Monday) — week 1: 0 of 1 done."
    )


async def test_a_line_sent_before_its_done_commits_is_kept_not_corrected(
    paced_bot: RunningBot,
    roster: Roster,
    engine,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """On PostgreSQL a Done commits with its update's mark, after the handler: its line,
    queued by the handler, can go out first (the window may end in between). Remembering
    it must wait for that commit, not take the uncommitted workout for undone (a false
    correction). Here Bob's mark is held back, as a slow database would."""
    notices = runtime_of(paced_bot.application).done_notices
    await roster.tap("Ann", True)
    await wait_text(roster.trainer, _line(0))
    bob = roster.athletes["Bob"]
    marking, go_on = asyncio.Event(), asyncio.Event()
    finish = UpdateInbox.finish

    async def held_back(inbox, connection, claimed, *args, **kwargs):
        if claimed.chat_id == bob.id:
            marking.set()  # his Done is made and his line queued; nothing is committed
            await go_on.wait()
        return await finish(inbox, connection, claimed, *args, **kwargs)

    monkeypatch.setattr(UpdateInbox, "finish", held_back)
    await bob.press_data(f"done:{roster.workout['Bob']}:1:t", roster.message["Bob"])
    await asyncio.wait_for(marking.wait(), 10)
    sending = asyncio.create_task(notices.send_now())
    await wait_text(roster.trainer, _line(1))
    if paced_bot.settings.database_url.startswith("postgresql"):
        await _remembering_waits_for_a_lock(engine)
    go_on.set()
    await sending
    await paced_bot.settled()
    assert roster.told() == ["💪 " + _line(0), "💪 " + _line(1)]
    async with engine.connect() as connection:
        kept = (await connection.execute(select(TrainerNoticeRow.workout_id))).scalars().all()
    assert sorted(kept) == sorted([roster.workout["Ann"], roster.workout["Bob"]])


async def _remembering_waits_for_a_lock(engine) -> None:
    """Until the line's remembering statement waits on Bob's uncommitted Done."""
    waiting = text(
        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
        "AND query LIKE '%INSERT INTO trainer_notices%'"
    )
    async with asyncio.timeout(10):
        while True:  # the database's view: a bounded re-check is what there is
            async with engine.connect() as connection:
                if await connection.scalar(waiting):
                    return
            await asyncio.sleep(0.02)
