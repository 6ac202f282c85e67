"""The web adapter's msgids: the Mini App's texts and the HTTP API's error messages.

They live in core, beside the other ``MESSAGES`` tables, so that extraction (bot/i18n.py)
reads them without bot importing web (the two adapters are independent). The web serves
``APP`` translated to the caller's language at ``GET /api/texts``; app.js shows nothing
else. ``{name}`` placeholders are filled in by app.js. Counts are written so that no
plural form is needed ("Athletes: 3"). docs/i18n.md says how to add one.
"""

from __future__ import annotations

from core import errors
from core.i18n import N_

# key (app.js's name for it) -> the English msgid
APP: dict[str, str] = {
    "loading": N_("Loading…"),
    "views": N_("Views"),
    "open_from_telegram": N_(
        "Open the dashboard from the bot in Telegram (your sign-in is missing or has expired)."
    ),
    "something_wrong": N_("Something's wrong"),
    "server_answered": N_("The server answered {status}."),
    "tab_athletes": N_("Athletes"),
    "tab_today": N_("My training"),
    "your_athletes": N_("Your athletes"),
    "no_athletes": N_("No athletes yet: send /invite in the chat and share the link."),
    "roster_week": N_("{done}/{total} this week · {percent}"),
    "roster_no_plan": N_("no plan this week"),
    "flag_behind": N_("well below their 4-week average"),
    "flag_unreachable": N_("has blocked the bot"),
    "flag_no_next_plan": N_("no plan for next week"),
    "flag_idle": N_("nothing ticked for 4 days"),
    "flag_no_check_in": N_("no check-in"),
    "back_to_athletes": N_("‹ Athletes"),
    "local_time": N_("Local time {time}"),
    "stat_this_week": N_("this week"),
    "stat_4_weeks": N_("4 weeks"),
    "stat_12_weeks": N_("12 weeks"),
    "week_number": N_("Week {number}"),
    "this_week": N_("This week"),
    "next_week": N_("Next week"),
    "week_of": N_("Week of {date}"),
    "card_no_plan": N_("No plan this week."),
    "latest_logs": N_("Latest logs"),
    "planned": N_("(planned {planned})"),
    "nothing_logged": N_("Nothing logged yet."),
    "latest_checkin": N_("Latest check-in"),
    "checkin_week": N_("week of {date}"),
    "checkin_skipped": N_("checked in, everything skipped"),
    "weight_kg": N_("{value} kg"),
    "latest_messages": N_("Latest messages"),
    "message_photo": N_("📷 photo"),
    "message_video": N_("🎬 video"),
    "message_voice": N_("🎤 voice"),
    "message_document": N_("📄 document"),
    "message_form_check": N_("🎥 form check · {exercise}"),
    "message_from": N_("from {name}"),
    "message_to": N_("to {name}"),
    "plan_a_week": N_("📝 Plan a week"),
    "plan_for": N_("Plan for {name}"),
    "plan_placeholder": N_("Mon: Upper body strength (45 min)\n- Push-ups 3x12\n- Plank 3x60s"),
    "type_the_week": N_("Type the week; it is checked as you type."),
    "line_error": N_("Line {line}: {message}"),
    "valid_count": N_("✓ Workouts: {count}, ready to publish"),
    "minutes": N_("({minutes} min)"),
    "publish": N_("✅ Publish"),
    "published_item": N_("{name} (week {number})"),
    "published_for": N_("Published for {names}"),
    "published_banner": N_("✅ Published for {names}"),
    "back": N_("‹ Back"),
    "week": N_("Week"),
    "also_group": N_("Also publish to a group:"),
    "also_publish": N_("Also publish to…"),
    "group_count": N_("Athletes: {count}"),
    "group_nobody": N_("nobody yet"),
    "today": N_("Today"),
    "no_plan_next": N_("No plan this week. Your next week starts {date}."),
    "no_plan_yet": N_("No plan this week yet: your trainer will send one."),
    "week_message": N_("Week {number} · {message}"),
    "rest_day": N_("Rest day today."),
    "other_days": N_("Other days this week"),
    "undo": N_("↩️ Undo"),
    "done": N_("✅ Done"),
    "done_status": N_("Done ✓"),
    "marked_done": N_("Nice work! Marked done."),
    "marked_not_done": N_("Marked not done."),
    "seconds": N_("seconds"),
    "reps": N_("reps"),
    "load": N_("load"),
    "unit_seconds": N_("s"),
    "unit_minutes": N_("min"),
    "log_set": N_("Log set {number}"),
    "set_number": N_("Set {number}"),
    "seconds_please": N_("Seconds, please."),
    "reps_please": N_("Reps, please."),
    "demo": N_("▶️ demo"),
    "rest": N_("Rest"),
    "rest_add": N_("+30 s"),
    "rest_skip": N_("Skip"),
}

# The JSON ``message`` of a domain error (web/errors.py), the most specific class first.
ERRORS: dict[type[Exception], str] = {
    errors.PlanNotFound: N_("No such plan."),
    errors.WorkoutNotFound: N_("No such workout."),
    errors.ExerciseNotFound: N_("No such exercise."),
    errors.TrainerNotFound: N_("No such trainer."),
    errors.AthleteNotFound: N_("No such athlete."),
    errors.NotYourAthlete: N_("That athlete is not one of yours."),
    errors.NotYourPlan: N_("That plan is not yours."),
    errors.NotATrainer: N_("Only trainers can do that."),
    errors.NotAnAdmin: N_("Only admins can do that."),
    errors.PlanExists: N_("The athlete already has a plan for that week."),
    errors.PlanLocked: N_("That week has done workouts or logs, so it can't be replaced."),
    errors.WeekBeforeFirstPlan: N_("That week is before the athlete's week 1."),
    errors.WeekNotPlannable: N_("Plans can be published for this week and the three after."),
    errors.AlreadyATrainer: N_("That user is a trainer already."),
    errors.PlanTextError: N_("The plan text has mistakes."),
    errors.OwnTrainer: N_("Nobody can be their own trainer: pick another trainer."),
    errors.WeekNotOpenYet: N_("That week has not started: it can be ticked from its Monday."),
    errors.WeekClosed: N_("That week is over: a week can be ticked until the Tuesday after it."),
    errors.GroupNotFound: N_("No such group among yours."),
    errors.NobodyChosen: N_("Nobody to publish to: pick an athlete or a group with members."),
}

# The API's own 4xx messages (web/api.py, web/errors.py): translated by their msgid.
API: tuple[str, ...] = (
    N_("An operator token names no athlete: use an athlete's id."),
    N_("user_id is an athlete's id or `me`."),
    N_("No plan for this week."),
    N_("The body is not valid JSON."),
    N_("The request is not valid."),
)

MESSAGES = (*APP.values(), *ERRORS.values(), *API)
