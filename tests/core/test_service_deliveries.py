"""The delivery service on real databases, with a recording Sender in place of Telegram.

The clock is passed in and set, never slept on. Telegram's side (rendering, the real
HTTP answers, 429s, blocked users) is tested end to end in tests/bot.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from core import models
from core.models import DeliveryKind, DeliveryStatus, SendOutcome, SendResult
from core.motivation import WELCOME
from core.plan_text import parse_plan_text
from core.schedule import ScheduleTimes
from core.services import completion, deliveries, people, plans
from core.summary_rules import GOOD, OUTSTANDING, REFOCUS
from tests.conftest import NOW

THIS_MONDAY = date(2026, 11, 23)  # NOW is Wednesday 25 November 2026, noon UTC
NEXT_MONDAY = date(2026, 11, 30)
TEXT = """\
Mon: Strength (45 min)
- Push-ups 3x12
Wed: Run (30 min)
- Run 1x30min
Fri: Legs (40 min)
- Squat 5x5 @ 60kg
"""


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


class Clock:
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def now(self) -> datetime:
        return self.moment


class RecordingSender:
    """Accepts everything, unless told what to answer someone next."""

    def __init__(self) -> None:
        self.attempts: list[models.ScheduledMessage] = []
        self.delivered: list[models.ScheduledMessage] = []
        self._script: dict[int, list[SendResult]] = {}

    def answer(self, telegram_id: int, *results: SendResult) -> None:
        self._script.setdefault(telegram_id, []).extend(results)

    async def send(self, message: models.ScheduledMessage) -> SendResult:
        self.attempts.append(message)
        queue = self._script.get(message.recipient.telegram_id)
        result = queue.pop(0) if queue else SendResult(SendOutcome.SENT, message_id=7)
        if result.outcome is SendOutcome.SENT:
            self.delivered.append(message)
        return result

    def received(self, kind: type) -> list[str]:
        """Names of the recipients of delivered messages of one type, and then forgets them."""
        names = [m.recipient.name for m in self.delivered if isinstance(m, kind)]
        self.delivered = [m for m in self.delivered if not isinstance(m, kind)]
        return names


async def tick(uow: Callable, sender: RecordingSender, moment: datetime, **options):
    return await deliveries.tick(
        uow(),
        sender,
        Clock(moment),
        times=ScheduleTimes(),
        default_tz="UTC",
        worker="test",
        **options,
    )


async def _team(
    uow, users, *zones: tuple[str, str | None], week: date = NEXT_MONDAY, text: str = TEXT
):
    """A trainer and athletes (name, timezone) with a plan for ``week`` written now."""
    coach = await users.trainer("Coach")
    athletes = {}
    for name, zone in zones:
        actor = await users.athlete_of(coach, name)
        if zone:
            await people.set_timezone(uow(), actor, zone, NOW)
        await plans.create_plan(
            uow(),
            coach,
            athlete_id=actor.athlete_id,
            week_start=week,
            spec=parse_plan_text(text),
            now=NOW,
        )
        athletes[name] = await users.refresh(actor)
    return coach, athletes


async def test_the_weekly_message_reaches_three_timezones_at_their_own_eight(uow, users) -> None:
    await _team(uow, users, ("Ann", None), ("Ben", "Europe/Berlin"), ("Cy", "America/Los_Angeles"))
    sender = RecordingSender()
    expected = [
        (utc(2026, 11, 30, 6, 59), []),
        (utc(2026, 11, 30, 7), ["Ben"]),  # 08:00 in Berlin
        (utc(2026, 11, 30, 7, 59), []),
        (utc(2026, 11, 30, 8), ["Ann"]),  # 08:00 UTC, the default timezone
        (utc(2026, 11, 30, 15, 59), []),
        (utc(2026, 11, 30, 16), ["Cy"]),  # 08:00 in Los Angeles
        (utc(2026, 11, 30, 16), []),  # the same moment again sends nothing
        (utc(2026, 12, 6, 12), []),  # nor does any later moment of the week
    ]
    for moment, names in expected:
        await tick(uow, sender, moment)
        assert sender.received(models.WeeklyMessage) == names, moment
    weekly = [m for m in sender.attempts if isinstance(m, models.WeeklyMessage)]
    assert {m.plan.week_number for m in weekly} == {1}
    assert {m.plan.motivational_message for m in weekly} == {WELCOME}
    rows = await deliveries.ledger(uow(), kind=DeliveryKind.WEEKLY)
    assert len(rows) == 3
    assert {(r.status, r.period, r.attempts) for r in rows} == {
        (DeliveryStatus.SENT, NEXT_MONDAY, 1)
    }


async def test_reminders_on_workout_days_for_athletes_who_want_them(uow, users) -> None:
    _, team = await _team(uow, users, ("Ann", None), ("Ben", None))
    await people.set_reminders(uow(), team["Ben"], False, NOW)
    sender = RecordingSender()
    await tick(uow, sender, utc(2026, 11, 30, 6, 59))
    assert sender.received(models.WorkoutReminder) == []
    await tick(uow, sender, utc(2026, 11, 30, 7))
    (monday,) = [m for m in sender.delivered if isinstance(m, models.WorkoutReminder)]
    assert sender.received(models.WorkoutReminder) == ["Ann"]
    assert monday.day == NEXT_MONDAY
    assert [w.title for w in monday.plan.workouts_on(monday.day.weekday())] == ["Strength"]
    await tick(uow, sender, utc(2026, 12, 1, 7))  # Tuesday: a rest day
    assert sender.received(models.WorkoutReminder) == []
    await tick(uow, sender, utc(2026, 12, 2, 7, 30))
    assert sender.received(models.WorkoutReminder) == ["Ann"]


async def test_plans_written_after_the_moment_get_no_late_scheduled_copy(uow, users) -> None:
    """Publishing already sends the plan: a plan written on Wednesday gets no Monday message."""
    await _team(uow, users, ("Ann", None), week=THIS_MONDAY)  # written at NOW, a Wednesday
    sender = RecordingSender()
    await tick(uow, sender, NOW + timedelta(minutes=1))
    assert sender.attempts == []
    await tick(uow, sender, utc(2026, 11, 27, 7))  # Friday's workout is after the plan
    assert sender.received(models.WorkoutReminder) == ["Ann"]


async def _week_with_results(uow, users):
    coach, team = await _team(
        uow, users, ("Ann", None), ("Ben", None), ("Dee", None), ("Eve", None)
    )
    await users.athlete_of(coach, "Cy")  # no plan this week
    done_by = {"Ann": 3, "Ben": 1, "Dee": 0, "Eve": 2}
    for name, count in done_by.items():
        plan = await plans.current_plan(uow(), team[name], utc(2026, 12, 2, 12))
        for workout in plan.workouts[:count]:
            await completion.set_workout_done(
                uow(), team[name], workout.id, True, utc(2026, 12, 2, 12)
            )
    return coach, team


async def test_sunday_summaries_and_the_trainers_digest_lowest_completion_first(uow, users) -> None:
    coach, team = await _week_with_results(uow, users)
    await people.set_reachable(uow(), team["Eve"].athlete.telegram_id, False, NOW)
    sender = RecordingSender()
    await tick(uow, sender, utc(2026, 12, 6, 19, 59))
    assert sender.received(models.SummaryMessage) == []
    assert sender.received(models.TrainerDigest) == []

    report = await tick(uow, sender, utc(2026, 12, 6, 20))
    summaries = {m.recipient.name: m.summary for m in sender.delivered if hasattr(m, "summary")}
    assert sorted(summaries) == ["Ann", "Ben", "Dee"]  # Eve blocked the bot
    assert summaries["Ann"].trainer_feedback.startswith(OUTSTANDING)
    assert summaries["Ben"].trainer_feedback.startswith(REFOCUS)
    assert (summaries["Ben"].completed_workouts, summaries["Ben"].total_workouts) == (1, 3)
    # Ticked, not logged: no minutes (only logged time counts).
    assert (summaries["Ben"].planned_minutes, summaries["Ben"].completed_minutes) == (115, 0)
    assert report.unreachable == 1

    (digest,) = [m for m in sender.delivered if isinstance(m, models.TrainerDigest)]
    assert digest.recipient.telegram_id == coach.athlete.telegram_id
    assert digest.week_start == NEXT_MONDAY
    assert [line.athlete.name for line in digest.lines] == ["Dee", "Ben", "Eve", "Ann"]
    assert [line.week.completion_percentage for line in digest.lines] == [0, 33, 67, 100]
    assert [a.name for a in digest.without_plan] == ["Cy"]
    assert [line.athlete.reachable for line in digest.lines] == [True, True, False, True]

    # The summaries are stored as the plans' WeeklySummary, Eve's too.
    async with uow() as u:
        plan = await u.plans.get_for_week(team["Eve"].athlete_id, NEXT_MONDAY)
        stored = await u.summaries.get(plan.id)
        eve_row = await u.deliveries.get(DeliveryKind.SUMMARY, team["Eve"].athlete_id, NEXT_MONDAY)
    assert stored.trainer_feedback.startswith(GOOD) and stored.completion_percentage == 67
    assert eve_row.status is DeliveryStatus.UNREACHABLE

    sender.delivered.clear()
    await tick(uow, sender, utc(2026, 12, 7, 9))  # Monday: nothing twice
    assert sender.received(models.SummaryMessage) == []
    assert sender.received(models.TrainerDigest) == []


async def test_catch_up_after_a_two_day_outage(uow, users) -> None:
    """Down from Friday noon to Monday 10:00: what is still relevant goes out, once."""
    weekend = "Mon: Swim (30 min)\nSat: Long run (60 min)\nSun: Yoga (20 min)"
    coach, team = await _team(uow, users, ("Ann", None), text=weekend)
    following = NEXT_MONDAY + timedelta(days=7)
    await plans.create_plan(
        uow(),
        coach,
        athlete_id=team["Ann"].athlete_id,
        week_start=following,
        spec=parse_plan_text(TEXT),
        now=NOW,
    )
    sender = RecordingSender()
    await tick(uow, sender, utc(2026, 12, 4, 12))  # Friday: the week's messages so far
    sender.delivered.clear()

    report = await tick(uow, sender, utc(2026, 12, 7, 10))
    assert sender.received(models.SummaryMessage) == ["Ann"]  # Sunday 20:00, until Tuesday
    assert sender.received(models.TrainerDigest) == ["Coach"]
    assert sender.received(models.WeeklyMessage) == ["Ann"]  # this Monday's, week 2
    reminders = sender.delivered
    assert [(m.recipient.name, m.day) for m in reminders] == [("Ann", following)]
    # Sunday's reminder is recorded as skipped; Saturday's is beyond the lookback.
    assert report.skipped == 1
    rows = await deliveries.ledger(uow(), kind=DeliveryKind.REMINDER)
    assert {(r.period, r.status) for r in rows} >= {
        (following - timedelta(days=1), DeliveryStatus.SKIPPED),
        (following, DeliveryStatus.SENT),
    }
    assert following - timedelta(days=2) not in {r.period for r in rows}


async def test_an_outage_past_monday_drops_the_summary_but_not_the_weeks_message(
    uow, users
) -> None:
    coach, team = await _team(uow, users, ("Ann", None))
    following = NEXT_MONDAY + timedelta(days=7)
    await plans.create_plan(
        uow(),
        coach,
        athlete_id=team["Ann"].athlete_id,
        week_start=following,
        spec=parse_plan_text(TEXT),
        now=NOW,
    )
    sender = RecordingSender()
    await tick(uow, sender, utc(2026, 12, 5, 12))  # Saturday
    sender.delivered.clear()

    tuesday = utc(2026, 12, 8, 10)
    report = await tick(uow, sender, tuesday)
    assert sender.received(models.WeeklyMessage) == ["Ann"]  # still its week
    assert sender.delivered == []  # no summary, no digest, no Monday reminder
    skipped = [
        r
        for r in await deliveries.ledger(uow(), status=DeliveryStatus.SKIPPED)
        if r.created_at == tuesday
    ]
    assert {(r.kind, r.period) for r in skipped} == {
        (DeliveryKind.SUMMARY, NEXT_MONDAY),
        (DeliveryKind.DIGEST, NEXT_MONDAY),
        (DeliveryKind.REMINDER, following),
    }
    assert report.skipped == 3
    assert {r.last_error for r in skipped} == {deliveries.TOO_LATE}


async def test_failures_are_retried_as_told_and_blocked_users_are_not(uow, users) -> None:
    _, team = await _team(uow, users, ("Ann", None), ("Ben", None), ("Cy", None), ("Dee", None))
    ids = {name: actor.athlete.telegram_id for name, actor in team.items()}
    sender = RecordingSender()
    sender.answer(ids["Ann"], SendResult(SendOutcome.RETRY, retry_after=5, error="429"))
    sender.answer(ids["Ben"], SendResult(SendOutcome.RETRY, error="NetworkError: down"))
    sender.answer(ids["Cy"], SendResult(SendOutcome.UNREACHABLE, error="Forbidden: blocked"))
    sender.answer(ids["Dee"], SendResult(SendOutcome.FAILED, error="BadRequest: bad"))
    tuesday = utc(2026, 12, 1, 8)  # the week's message is late, but still due

    report = await tick(uow, sender, tuesday)
    assert (report.sent, report.retrying, report.unreachable, report.gave_up) == (0, 2, 1, 1)
    rows = {r.athlete_id: r for r in await deliveries.ledger(uow(), kind=DeliveryKind.WEEKLY)}
    ann, ben, cy, dee = (rows[team[n].athlete_id] for n in ("Ann", "Ben", "Cy", "Dee"))
    assert ann.status is DeliveryStatus.FAILED
    assert ann.next_attempt_at == tuesday + timedelta(seconds=5)
    assert ben.next_attempt_at == tuesday + deliveries.FIRST_RETRY
    assert (cy.status, cy.next_attempt_at) == (DeliveryStatus.UNREACHABLE, None)
    assert (dee.status, dee.next_attempt_at, dee.last_error) == (
        DeliveryStatus.FAILED,
        None,
        "BadRequest: bad",
    )
    async with uow() as u:
        assert not (await u.athletes.get(team["Cy"].athlete_id)).reachable

    await tick(uow, sender, tuesday + timedelta(seconds=4))  # Ann's wait is not over
    assert sender.received(models.WeeklyMessage) == []
    await tick(uow, sender, tuesday + timedelta(seconds=5))
    assert sender.received(models.WeeklyMessage) == ["Ann"]
    await tick(uow, sender, tuesday + timedelta(minutes=1))
    assert sender.received(models.WeeklyMessage) == ["Ben"]
    await tick(uow, sender, tuesday + timedelta(hours=1))  # Cy and Dee: never again
    assert sender.received(models.WeeklyMessage) == []
    weekly = [m.recipient.name for m in sender.attempts if isinstance(m, models.WeeklyMessage)]
    assert sorted(weekly) == ["Ann", "Ann", "Ben", "Ben", "Cy", "Dee"]
    rows = await deliveries.ledger(uow(), kind=DeliveryKind.WEEKLY, status=DeliveryStatus.SENT)
    assert sorted(r.attempts for r in rows) == [2, 2]


async def test_retries_stop_when_the_window_closes(uow, users) -> None:
    _, team = await _team(uow, users, ("Ann", None))
    sender = RecordingSender()
    never = SendResult(SendOutcome.RETRY, error="NetworkError: down")
    sender.answer(team["Ann"].athlete.telegram_id, *[never] * 3)
    sunday_night = utc(2026, 12, 6, 23, 59, 50)  # ten seconds before the week ends
    await tick(uow, sender, sunday_night)
    (row,) = await deliveries.ledger(uow(), kind=DeliveryKind.WEEKLY)
    assert (row.status, row.next_attempt_at) == (DeliveryStatus.FAILED, None)  # no time left


async def test_a_claim_whose_process_died_is_taken_over_after_its_lease(uow, users) -> None:
    _, team = await _team(uow, users, ("Ann", None))
    monday = utc(2026, 11, 30, 8)
    async with uow() as u:  # a process claimed Ann's message, then died
        claimed = await u.deliveries.claim(
            DeliveryKind.WEEKLY,
            team["Ann"].athlete_id,
            NEXT_MONDAY,
            due_at=monday,
            expires_at=utc(2026, 12, 7),
            claimed_by="dead:1/abc",
            lease_until=monday + deliveries.LEASE,
            now=monday,
        )
        await u.commit()
    sender = RecordingSender()
    await tick(uow, sender, monday + deliveries.LEASE - timedelta(seconds=1))
    assert sender.received(models.WeeklyMessage) == []
    report = await tick(uow, sender, monday + deliveries.LEASE)
    assert sender.received(models.WeeklyMessage) == ["Ann"]
    assert report.sent == 1
    (row,) = await deliveries.ledger(uow(), kind=DeliveryKind.WEEKLY)
    assert (row.id, row.status, row.attempts) == (claimed.id, DeliveryStatus.SENT, 2)
    assert row.claimed_by.startswith("test/")


async def test_a_finish_after_losing_the_claim_is_reported(uow, users) -> None:
    """A send slower than the lease: the row was taken over, so the late outcome is refused."""
    await _team(uow, users, ("Ann", None))
    monday = utc(2026, 11, 30, 8)

    class SlowSender(RecordingSender):
        async def send(self, message):
            if not isinstance(message, models.WeeklyMessage):
                return await super().send(message)
            # Meanwhile the lease lapses and another process reclaims the row.
            async with uow() as u:
                (row,) = await u.deliveries.list(kind=DeliveryKind.WEEKLY)
                assert await u.deliveries.reclaim(
                    row.id,
                    claimed_by="other:2/def",
                    lease_until=monday + 2 * deliveries.LEASE,
                    now=monday + deliveries.LEASE,
                )
                await u.commit()
            return await super().send(message)

    sender = SlowSender()
    report = await tick(uow, sender, monday)
    assert report.lease_lost == 1
    assert sender.received(models.WeeklyMessage) == ["Ann"]  # it did go out
    (row,) = await deliveries.ledger(uow(), kind=DeliveryKind.WEEKLY)
    assert (row.status, row.claimed_by) == (DeliveryStatus.CLAIMED, "other:2/def")


async def test_a_tick_stops_when_telegram_is_unreachable(uow, users) -> None:
    _, team = await _team(uow, users, *((f"A{n}", None) for n in range(5)))
    sender = RecordingSender()
    down = SendResult(SendOutcome.RETRY, error="NetworkError: connection refused")
    for actor in team.values():
        sender.answer(actor.athlete.telegram_id, down)
    report = await tick(uow, sender, utc(2026, 11, 30, 8))  # the week's messages go first
    assert report.stopped_early
    assert len(sender.attempts) == deliveries.TRANSIENT_STREAK_LIMIT
    assert report.retrying == deliveries.TRANSIENT_STREAK_LIMIT


async def test_nothing_is_sent_when_the_plan_is_gone_by_the_time_it_is_claimed(uow, users) -> None:
    """Messages are composed when claimed, from the database as it is then: a retry
    whose plan the trainer deleted meanwhile is skipped. (A new message whose plan is
    gone is not even a candidate: recipients are looked up batch by batch.)"""
    coach, team = await _team(uow, users, ("Ann", None))
    sender = RecordingSender()
    ann = team["Ann"].athlete.telegram_id
    down = SendResult(SendOutcome.RETRY, error="NetworkError: down")
    sender.answer(ann, SendResult(SendOutcome.SENT, message_id=1), down)
    # Monday 08:00: the week's message goes first, then the 07:00 reminder, which fails.
    first = await tick(uow, sender, utc(2026, 11, 30, 8))
    assert sender.received(models.WeeklyMessage) == ["Ann"]
    assert first.retrying == 1
    plan = await plans.current_plan(uow(), team["Ann"], utc(2026, 12, 1, 12))
    await plans.delete_plan(uow(), coach, plan.id)

    report = await tick(uow, sender, utc(2026, 11, 30, 8, 1))
    assert sender.received(models.WorkoutReminder) == []
    (reminder,) = await deliveries.ledger(uow(), kind=DeliveryKind.REMINDER)
    assert (reminder.status, reminder.last_error) == (
        DeliveryStatus.SKIPPED,
        deliveries.NOTHING_TO_SEND,
    )
    assert report.skipped == 1


async def test_the_digest_takes_the_same_queries_for_5_or_40_athletes(
    uow, users, count_statements
) -> None:
    async def digest_statements(size: int) -> int:
        coach = await users.trainer(f"Coach{size}")
        async with uow() as u:
            for n in range(size):
                athlete = await u.athletes.add(
                    telegram_id=900_000 + size * 100 + n, name=f"A{n}", username=None, now=NOW
                )
                await u.athletes.update(
                    athlete.id, now=NOW, trainer_id=coach.trainer_id, timezone="Asia/Tokyo"
                )
                if n % 2:
                    await u.plans.add(
                        athlete_id=athlete.id,
                        trainer_id=coach.trainer_id,
                        week_start=NEXT_MONDAY,
                        week_end=NEXT_MONDAY + timedelta(days=6),
                        week_number=1,
                        motivational_message=WELCOME,
                        spec=parse_plan_text(TEXT),
                        now=NOW,
                    )
            await u.commit()
        # The athletes' Sunday 20:00 in Tokyo comes first; the trainer's, in UTC, is the
        # only thing left to send at 20:00 UTC.
        await tick(uow, RecordingSender(), utc(2026, 12, 6, 11))
        sender = RecordingSender()
        with count_statements() as counter:
            await tick(uow, sender, utc(2026, 12, 6, 20))
        (digest,) = [m for m in sender.delivered if isinstance(m, models.TrainerDigest)]
        assert len(digest.lines) + len(digest.without_plan) == size
        return counter.count

    assert await digest_statements(5) == await digest_statements(40)


async def test_a_sender_that_breaks_costs_one_message_not_the_tick(uow, users) -> None:
    _, team = await _team(uow, users, ("Ann", None), ("Ben", None))

    class BrokenForAnn(RecordingSender):
        async def send(self, message):
            if message.recipient.name == "Ann":
                raise KeyError("a template placeholder")
            return await super().send(message)

    sender = BrokenForAnn()
    report = await tick(uow, sender, utc(2026, 11, 30, 8))
    assert sender.received(models.WeeklyMessage) == ["Ben"]
    assert report.gave_up >= 1
    async with uow() as u:
        row = await u.deliveries.get(DeliveryKind.WEEKLY, team["Ann"].athlete_id, NEXT_MONDAY)
    assert (row.status, row.next_attempt_at) == (DeliveryStatus.FAILED, None)
    assert row.last_error == "KeyError: 'a template placeholder'"


async def test_an_idle_tick_asks_once_per_distinct_slot_not_once_per_zone(
    uow, users, count_statements
) -> None:
    """Zones whose clocks agree share their queries: one more zone at the same offset
    costs no statement (with users in ~100 zones a tick used to hold SQLite's write lock
    for about a second)."""
    coach = await users.trainer("Coach")
    same_offset = ["Europe/Berlin", "Europe/Paris", "Europe/Rome", "Europe/Madrid", "Europe/Oslo"]
    idle = utc(2026, 12, 2, 12)  # Wednesday noon: nothing new is due

    async def add(name: str, zone: str) -> None:
        actor = await users.athlete_of(coach, name)
        await people.set_timezone(uow(), actor, zone, NOW)

    async def idle_statements() -> int:
        await tick(uow, RecordingSender(), idle)  # whatever is left from setting up
        with count_statements() as counter:
            report = await tick(uow, RecordingSender(), idle)
        assert report.sent == report.skipped == 0
        return counter.count

    await add("A0", same_offset[0])
    one_zone = await idle_statements()
    for n, zone in enumerate(same_offset[1:], start=1):
        await add(f"A{n}", zone)
    assert await idle_statements() == one_zone
    # Another offset: its own slots, each one query in a transaction of its own.
    await add("Tokyo", "Asia/Tokyo")
    assert one_zone < await idle_statements() <= one_zone + 2 * 8


async def test_a_message_that_cannot_be_composed_fails_alone_and_is_retried(
    uow, users, monkeypatch
) -> None:
    _, team = await _team(uow, users, ("Ann", None), ("Ben", None), ("Cy", None))
    await tick(uow, RecordingSender(), utc(2026, 12, 4, 12))  # the week's messages so far
    ben = team["Ben"].athlete_id
    real = deliveries.summarize

    def broken_for_ben(stats, now):
        if stats.athlete_id == ben:
            raise ValueError("a plan the summary rules cannot handle")
        return real(stats, now)

    monkeypatch.setattr(deliveries, "summarize", broken_for_ben)
    sender = RecordingSender()
    sunday = utc(2026, 12, 6, 20)
    report = await tick(uow, sender, sunday)
    assert sorted(sender.received(models.SummaryMessage)) == ["Ann", "Cy"]
    assert report.retrying == 1
    async with uow() as u:
        row = await u.deliveries.get(DeliveryKind.SUMMARY, ben, NEXT_MONDAY)
    assert row.status is DeliveryStatus.FAILED and row.attempts == 1
    assert row.last_error == "composing failed: ValueError: a plan the summary rules cannot handle"
    assert row.next_attempt_at == sunday + deliveries.FIRST_RETRY

    monkeypatch.setattr(deliveries, "summarize", real)  # fixed: the retry goes out
    await tick(uow, sender, sunday + deliveries.FIRST_RETRY)
    assert sender.received(models.SummaryMessage) == ["Ben"]
    async with uow() as u:
        row = await u.deliveries.get(DeliveryKind.SUMMARY, ben, NEXT_MONDAY)
    assert (row.status, row.attempts) == (DeliveryStatus.SENT, 2)


async def test_a_closed_reminder_slot_is_recorded_only_for_who_was_due_then(uow, users) -> None:
    """Down over Tuesday: Ann had reminders on all along, Ben turned them on Wednesday."""
    _, team = await _team(uow, users, ("Ann", None), ("Ben", None), text="Tue: Run (30 min)")
    await people.set_reminders(uow(), team["Ben"], False, NOW)
    await people.set_reminders(uow(), team["Ben"], True, utc(2026, 12, 2, 9))
    report = await tick(uow, RecordingSender(), utc(2026, 12, 2, 10))
    rows = await deliveries.ledger(uow(), kind=DeliveryKind.REMINDER)
    assert [(r.athlete_id, r.status, r.last_error) for r in rows] == [
        (team["Ann"].athlete_id, DeliveryStatus.SKIPPED, deliveries.TOO_LATE)
    ]
    missed = await deliveries.ledger(uow(), kind=DeliveryKind.ATTENTION)  # last Thursday's
    assert report.skipped == 1 + len(missed)


async def test_no_digest_for_a_week_in_which_no_athlete_had_a_plan(uow, users) -> None:
    coach, _ = await _team(uow, users, ("Ann", None))  # a plan for NEXT_MONDAY only
    idle = await users.trainer("Idle")  # a trainer with an athlete, never a plan
    await users.athlete_of(idle, "Zed")
    sender = RecordingSender()
    await tick(uow, sender, utc(2026, 11, 29, 20))  # Sunday: the week before had no plans
    await tick(uow, sender, utc(2026, 12, 1, 12))  # and its slot closes on Tuesday
    await tick(uow, sender, utc(2026, 12, 6, 20))
    digests = [m for m in sender.delivered if isinstance(m, models.TrainerDigest)]
    assert [(d.recipient.name, d.week_start) for d in digests] == [("Coach", NEXT_MONDAY)]
    rows = await deliveries.ledger(uow(), kind=DeliveryKind.DIGEST)
    assert [(r.athlete_id, r.period, r.status) for r in rows] == [
        (coach.athlete.id, NEXT_MONDAY, DeliveryStatus.SENT)
    ]


async def test_a_reminder_for_a_day_already_done_is_not_sent(uow, users) -> None:
    _, team = await _team(uow, users, ("Ann", None), ("Ben", None))
    ann = team["Ann"]
    plan = await plans.current_plan(uow(), ann, utc(2026, 12, 2, 6))
    (run,) = plan.workouts_on(2)  # Wednesday's
    await completion.set_workout_done(uow(), ann, run.id, True, utc(2026, 12, 2, 6))
    sender = RecordingSender()
    await tick(uow, sender, utc(2026, 12, 2, 7))
    assert sender.received(models.WorkoutReminder) == ["Ben"]
    async with uow() as u:
        row = await u.deliveries.get(DeliveryKind.REMINDER, ann.athlete_id, date(2026, 12, 2))
    assert (row.status, row.last_error) == (DeliveryStatus.SKIPPED, deliveries.ALREADY_DONE)


async def test_the_weeks_message_says_when_it_is_a_catch_up(uow, users) -> None:
    await _team(
        uow, users, ("Ann", None), ("Ben", "Pacific/Kiritimati"), ("Cy", "America/Los_Angeles")
    )
    sender = RecordingSender()
    await tick(uow, sender, utc(2026, 11, 30, 8))  # Monday 08:00 here, 22:00 in Kiritimati
    await tick(uow, sender, utc(2026, 12, 2, 9))  # Wednesday (01:00 in Los Angeles)
    weekly = [(m.recipient.name, m.catch_up) for m in sender.attempts if hasattr(m, "catch_up")]
    assert sorted(weekly) == [("Ann", False), ("Ben", False), ("Cy", True)]
