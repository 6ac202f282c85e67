"""Every text the bot sends, with named placeholders. HTML parse mode.

Placeholders that carry user content are escaped by the renderer (bot/render.py)
before they reach these templates; nothing here is formatted with raw user text.
"""

from __future__ import annotations

from bot import i18n
from core.i18n import P_

# --- start and help ---------------------------------------------------------------

WELCOME = (
    "👋 Hi {name}! I'm <b>Coach</b>. Your trainer writes your week here; "
    "you see today's workout, tap <b>Done</b>, and log what you did. "
    "Every Monday you get the week's plan and every Sunday a summary."
)
WELCOME_TRAINER = (
    "👋 Hi {name}! I'm <b>Coach</b>. Write each athlete's week with /plan, "
    "share /invite with new athletes, and follow their weeks with /athletes. "
    "You hear from me when they finish a workout, and get a digest every Sunday."
)
HELP_HEADER = "<b>What I can do for you</b>"
HELP_ATHLETE = (
    "<b>Training</b>\n"
    "/today — today's workout, with a Done button\n"
    "/week — this week's plan\n"
    "/log — log what you actually did\n"
    "/history — your past weeks\n"
    "/summary — this week so far\n"
    "/records — your personal records\n"
    "/progress — charts of your lifts, runs and weeks\n"
    "/export — your data as CSV files\n"
    "/trainers — our trainers\n"
    "/timezone <i>Area/City</i> — your timezone (now {timezone})\n"
    "/reminders on|off — a message on workout days (now {reminders})\n"
    "/units kg|lb — the unit loads are shown in\n"
    "/cancel — leave what you're doing"
)
HELP_TRAINER = (
    "<b>Coaching</b>\n"
    "/plan — write and publish an athlete's week\n"
    "/copyweek — copy the latest week forward, with a progression\n"
    "/athletes — your athletes and their week\n"
    "/summary — an athlete's week so far\n"
    "/progress, /records — an athlete's charts and records, your roster's week\n"
    "/export — an athlete's data, or all of theirs, as CSV files\n"
    "/invite — a link for new athletes\n"
    "/profile <i>text</i> — your specialization\n"
    "/assign — hand an athlete to another trainer"
)
HELP_ADMIN = (
    "<b>Admin</b>\n/addtrainer — a single-use link that makes someone a trainer\n"
    "/assign — assign any athlete to a trainer"
)
NO_TRAINER_YET = "You don't have a trainer yet: ask yours for their invite link."
GROUP_POINTER = (
    "Hi! I work in private chats only, so nobody else reads your training. "
    'Message me directly: <a href="https://t.me/{username}">@{username}</a>'
)

# Command menus (setMyCommands): (command, description)
MENU_ATHLETE = (
    ("today", "Today's workout"),
    ("week", "This week's plan"),
    ("log", "Log what you did"),
    ("history", "Past weeks"),
    ("summary", "This week so far"),
    ("trainers", "Our trainers"),
    ("timezone", "Set your timezone"),
    ("reminders", "Workout reminders on/off"),
    ("help", "What I can do"),
    ("cancel", "Leave the current dialogue"),
)
MENU_TRAINER = (
    ("plan", "Write an athlete's week"),
    ("copyweek", "Copy the latest week forward"),
    ("athletes", "Your athletes"),
    ("invite", "Invite link for athletes"),
    ("profile", "Your specialization"),
    ("assign", "Hand an athlete to a trainer"),
)
MENU_ADMIN = (("addtrainer", "Trainer invite link"),)
MENU_DASHBOARD = "Dashboard"
BUTTON_OPEN_DASHBOARD = "📊 Open dashboard"

# --- invites ----------------------------------------------------------------------

INVITE_ATHLETE = (
    "Send this link to your athletes. It works for everyone until you make a new one "
    "(which switches this one off):\n{link}"
)
INVITE_TRAINER = "A single-use link that makes whoever opens it a trainer:\n{link}"
JOINED_TRAINER = "✅ You're now coached by <b>{trainer}</b>. They'll send your plan here."
ALREADY_WITH_TRAINER = "You're already coached by <b>{trainer}</b>. 👍"
TRAINER_TOLD_NEW_ATHLETE = "🎉 <b>{athlete}</b> joined you through your invite link."
TRAINER_TOLD_ATHLETE_LEFT = (
    "👋 <b>{athlete}</b> joined <b>{trainer}</b> through their invite link; "
    "their current and future plans went with them."
)
BECAME_TRAINER = (
    "🎉 You're a trainer now. Send /invite for a link for your athletes, then /plan to "
    "write their week. Set your specialization with /profile <i>text</i>."
)
INVITE_INVALID = "That invite link isn't valid. Ask your trainer (or the admin) for a fresh one."
INVITE_USED = "That trainer invite was already used. Ask the admin for a new one."
INVITE_REVOKED = (
    "That invite link was replaced by a newer one. Ask your trainer for the current link."
)
INVITE_OWN = "That's your own invite link: send it to your athletes."
BAD_PLAN_TEXT = "That plan text has problems; send /plan to start again."
BAD_PROGRESSION = "I couldn't read that progression. Try +1 rep, +1 set, +5% or +2.5kg."
BAD_LOG_ENTRY = "I couldn't read that log entry. Try 3x10 @ 20kg."

# --- today / week -----------------------------------------------------------------

NO_PLAN_THIS_WEEK = (
    "You have no plan for this week yet. Your trainer will send it here as soon as it's ready."
)
NO_PLAN_UPCOMING = (
    "No plan this week. Your next one, week {week_number}, starts on {date}: "
    "/week shows it from then."
)
NO_PLAN_NO_TRAINER = (
    "You have no plan for this week. Once you join a trainer with their invite link, "
    "they'll write your weeks."
)
REST_DAY = "😌 <b>Rest day</b> — nothing planned for today ({day})."
REST_DAY_NEXT = "Next workout: <b>{title}</b> on {day}."
REST_DAY_WEEK_DONE = "That was the last workout of this week. Enjoy the rest!"
TODAY_HEADER = "<b>Today, {day}</b> · week {week_number}"
WEEK_HEADER = "<b>Week {week_number}</b> · {start} – {end}"
WEEK_PROGRESS = "{completed}/{total} workouts done ({percentage}%)"
WORKOUT_DONE_MARK = "✅"
WORKOUT_OPEN_MARK = "⬜"
WORKOUT_LINE = "{mark} <b>{day}</b>: {title}{duration}"
WORKOUT_TITLE = "{mark} <b>{title}</b>{duration}"
DURATION_SUFFIX = " ({minutes} min)"
EXERCISE_LINE = "• {name} — {volume}{load}"
EXERCISE_LOAD = " @ {load}"
EXERCISE_NOTES = "   <i>{notes}</i>"
EXERCISE_VIDEO = '   ▶️ <a href="{url}">demo{title}</a>'
BUTTON_DONE = "✅ Done: {title}"
BUTTON_UNDO = "↩️ Undo: {title}"
BUTTON_OPEN_TODAY = "📋 Today's workout"
DONE_TOAST = "Nice work! Marked done."
ALREADY_DONE_TOAST = "Already marked done."
UNDONE_TOAST = "Marked not done."
ALREADY_UNDONE_TOAST = "It wasn't marked done."
TRAINER_TOLD_DONE = (
    "💪 <b>{athlete}</b> finished <b>{title}</b> ({day}) — {completed}/{total} this week."
)

# --- log --------------------------------------------------------------------------

LOG_PICK = "Which exercise do you want to log?{context}"
LOG_PICK_TODAY = ""
LOG_PICK_RECENT = " (from your most recent workout)"
LOG_NOTHING = "There's no workout with exercises to log yet this week."
LOG_ASK = (
    "<b>{name}</b> — planned {planned}.\n"
    "Send what you did, e.g. <code>{example}</code>. /cancel to stop."
)
LOG_SAVED = "📝 Logged <b>{name}</b>: {entry} (planned {planned})."
LOG_RECENT_HEADER = "Your last logs of {name}:"
LOG_RECENT_LINE = "• {when}: {entry}"
LOG_INVALID = (
    "I couldn't read that. Send sets x reps (or a duration), an optional load and notes, "
    "e.g. <code>3x10 @ 20kg felt strong</code> or <code>3x60s</code>."
)

# --- history / summary ------------------------------------------------------------

HISTORY_HEADER = "<b>Your weeks</b> (newest first)"
HISTORY_LINE = "Week {week_number} · {start}: {completed}/{total} workouts, <b>{percentage}%</b>"
HISTORY_EMPTY = "No weeks yet. Your history starts with your first plan."
HISTORY_PAGE = "Page {page} of {pages}"
BUTTON_PREVIOUS_PAGE = "◀️ Previous"
BUTTON_NEXT_PAGE = "More ▶️"
BUTTON_OLDER = "◀️ Older"
BUTTON_NEWER = "Newer ▶️"
SUMMARY_HEADER = "<b>{who}Week {week_number}</b> · {start} – {end}"
SUMMARY_SO_FAR = "<i>So far this week:</i>"
SUMMARY_BODY = (
    "Workouts: {completed}/{total} ({percentage}%)\n"
    "Exercises planned: {exercises}\n"
    "Minutes: {completed_minutes} of {planned_minutes} planned\n\n"
    "{feedback}"
)
SUMMARY_NO_PLAN = "No plan this week, so there's nothing to sum up yet."
SUMMARY_NO_PLAN_FOR = "{athlete} has no plan this week."
SUMMARY_PICK = "Whose week do you want to see?"
BUTTON_ME = "Me"

# --- settings ---------------------------------------------------------------------

TIMEZONE_USAGE = (
    "Your timezone is <b>{current}</b>. To change it send "
    "<code>/timezone Area/City</code>, e.g. {examples}."
)
TIMEZONE_SET = "🕑 Timezone set to <b>{timezone}</b>. It's {time} on {weekday} there now."
TIMEZONE_EXAMPLE = "<code>{name}</code>"
TIMEZONE_UNKNOWN = "I don't know the timezone <b>{name}</b>. Use an IANA name like {examples}."
REMINDERS_USAGE = (
    "Reminders are <b>{state}</b>. Send <code>/reminders on</code> or <code>/reminders off</code>."
)
REMINDERS_ON = "🔔 Reminders on: I'll send your workout at {time} on workout days."
REMINDERS_OFF = "🔕 Reminders off. /today shows your workout whenever you want."
STATE_ON = "on"
STATE_OFF = "off"

# --- trainers / athletes / profile -------------------------------------------------

TRAINERS_HEADER = "<b>Our trainers</b>"
TRAINERS_LINE = "• <b>{name}</b> — {specialization}"
TRAINERS_EMPTY = "There are no trainers yet."
NO_SPECIALIZATION = "no specialization set"
TRAINER_DETAILS = "<b>{name}</b>\n{specialization}\n\n{bio}"
TRAINER_NO_BIO = "<i>No bio yet.</i>"
ATHLETES_HEADER = "<b>Your athletes</b> · this week"
ATHLETES_LINE = "• <b>{name}</b> — {state}"
ATHLETES_STATE_PLAN = "week {week_number}: {completed}/{total} ({percentage}%)"
ATHLETES_STATE_NO_PLAN = "no plan this week"
ATHLETES_UNREACHABLE = " ⚠️ blocked the bot"
ATHLETES_EMPTY = "You have no athletes yet. Send /invite for a link to share with them."
PROFILE_SHOW = (
    "<b>{name}</b>\nSpecialization: {specialization}\n\n"
    "Change it with <code>/profile Strength and conditioning</code>."
)
PROFILE_SET = "✅ Specialization set to <b>{specialization}</b>."

# --- plan dialogue ----------------------------------------------------------------

PLAN_PICK_ATHLETE = "Whose week do you want to write?"
PLAN_PICK_WEEK = "Which week for <b>{athlete}</b>?"
BUTTON_THIS_WEEK = "This week"
BUTTON_NEXT_WEEK = "Next week"
BUTTON_WEEK_OF = "Week of {date}"
PLAN_WEEK_LOCKED = (
    "The week of {date} already has a plan with done workouts or logs, so it can't be "
    "replaced. Pick another week."
)
PLAN_ASK_TEXT = (
    "Send the plan for <b>{athlete}</b>, week of {date}, as text or a .txt file. For example:\n"
    "<pre>{example}</pre>\n/cancel to stop."
)
PLAN_ASK_REPLACE = "That week already has a plan; publishing will replace it. Here it is to edit:"
PLAN_CURRENT_TEXT = "<pre>{text}</pre>"
PLAN_CURRENT_FILE = "The current plan, to edit and send back."
PLAN_EXAMPLE = (
    "Mon: Upper body strength (45 min)\n"
    "> Warm up 5 minutes first\n"
    "- Push-ups 3x12\n"
    "- Plank 3x60s\n"
    "- Dumbbell row 4x10 @ 20kg | video: https://example.com/row.mp4\n"
    "Wed: Easy run (30 min)\n"
    "- Run 1x30min"
)
PLAN_ERRORS = "I couldn't read the plan ({problems}). Nothing was saved:\n{errors}\n\nSend the corrected text."
PLAN_ERROR_LINE = "• line {line}: {message}"
PLAN_BAD_FILE = "Please send the plan as plain text or a .txt file (UTF-8, under 20 KB)."
FILE_DOWNLOAD_FAILED = (
    "⚠️ I couldn't fetch that file from Telegram just now. Please send it again, "
    "or paste the plan as a message."
)
PLAN_PREVIEW_REST_WEEK = "<i>(no workouts: a rest week)</i>"
PLAN_PREVIEW = "<b>Preview</b> for {athlete}, week of {date}:\n\n{plan}"
BUTTON_PUBLISH = "✅ Publish"
BUTTON_CANCEL = "✖️ Cancel"
PLAN_PUBLISHED = "✅ Published week {week_number} for <b>{athlete}</b>. They've been sent the plan."
PLAN_PUBLISHED_UNREACHABLE = (
    "✅ Published week {week_number} for <b>{athlete}</b>, but I couldn't message them "
    "(they may have blocked me)."
)
ATHLETE_NEW_PLAN = "📋 <b>{trainer}</b> published your plan for the week of {date}:"
PLAN_CANCELLED = "Cancelled. Nothing was saved."
NO_ATHLETES_TO_PLAN = "You have no athletes yet. Send /invite for a link to share with them."

# --- copy week --------------------------------------------------------------------

COPY_PICK_ATHLETE = "Whose latest week do you want to copy forward?"
COPY_ASK_PROGRESSION = (
    "Copy week {week_number} ({date}) of <b>{athlete}</b> into the week of {target}.\n"
    "Tap a progression or send your own, e.g. <code>+1 rep, +5%</code>, <code>+1 set</code>, "
    "<code>+2.5kg</code>, <code>+10s</code>."
)
COPY_NOTHING = "That athlete has no plan yet to copy. Use /plan to write their first week."
COPY_INVALID = (
    "I couldn't read <b>{text}</b> as a progression. Try <code>+1 rep</code>, <code>+1 set</code>, "
    "<code>+5%</code>, <code>+2.5kg</code>, <code>+10s</code> or <code>same</code>."
)
COPY_DONE = "✅ Copied into week {week_number} ({date}) for <b>{athlete}</b> with {progression}."
BUTTON_NO_CHANGE = "Same again"

# --- assign -----------------------------------------------------------------------

ASSIGN_PICK_ATHLETE = "Which athlete do you want to assign?"
ASSIGN_PICK_TRAINER = "Assign <b>{athlete}</b> to which trainer?"
ASSIGN_DONE = "✅ <b>{athlete}</b> is now coached by <b>{trainer}</b> ({plans_moved})."
ASSIGN_TOLD_ATHLETE = "Your trainer is now <b>{trainer}</b>."
ASSIGN_TOLD_TRAINER = "🎉 <b>{athlete}</b> was assigned to you."
ASSIGN_NO_ATHLETES = "There are no athletes to assign."
ASSIGN_NO_TRAINERS = "There are no trainers yet. /addtrainer makes an invite link."

# --- errors -----------------------------------------------------------------------

CANCELLED = "OK, stopped. Send /help to see what I can do."
NOTHING_TO_CANCEL = "There's nothing to cancel."
NOT_A_TRAINER = "That command is for trainers. Send /help for yours."
NOT_AN_ADMIN = "That command is for admins."
NOT_YOURS = "That isn't yours to change."
NOT_FOUND = (
    "I can't find that any more; it may have been replaced. Send /week for the current plan."
)
PLAN_EXISTS = "That week already has a plan."
PLAN_LOCKED = "That week has done workouts or logs, so it can't be replaced."
WEEK_NOT_PLANNABLE = "You can plan this week and the three after it: pick one of the week buttons."
WEEK_BEFORE_FIRST = (
    "That week is before the athlete's first plan (week 1), so it can't have a plan."
)
ALREADY_TRAINER = "You're already a trainer, so the invite was left for someone else."
DIALOGUE_EXPIRED = "That dialogue has expired. Send its command again, or /cancel."
DIALOGUE_TIMED_OUT = (
    "⌛ Your last dialogue waited too long for an answer, so I closed it; nothing from it "
    "was saved. Send its command again to start over."
)
STALE_BUTTON = "That button has expired. Send the command again."
UNEXPECTED_ERROR = "😕 Sorry, something went wrong on my side. Please try again in a moment."
UNKNOWN_COMMAND = "I don't know that command. Send /help to see what I can do."
DIALOGUE_EXPECTS_BUTTON = "Please tap one of the buttons above, or /cancel."
DIALOGUE_EXPECTS_PLAN = (
    "I can only read a plan sent as text or as a .txt file. Send it that way, or /cancel."
)
DIALOGUE_EXPECTS_LOG = (
    "Please type what you did, e.g. <code>3x10 @ 20kg felt strong</code>, or /cancel."
)
DIALOGUE_EXPECTS_PROGRESSION = (
    "Tap a progression above or type one, e.g. <code>+1 rep</code>, or /cancel."
)

# --- scheduled messages -------------------------------------------------------------

WEEKLY_MESSAGE_INTRO = "☀️ <b>A new training week starts today.</b> Here's your plan:"
# The same message sent later in its week (the bot was down on Monday, or a retry).
WEEKLY_MESSAGE_CATCH_UP_INTRO = "📋 <b>Your plan for this week:</b>"
REMINDER_INTRO = "⏰ <b>Workout day!</b> Tap <b>Done</b> when you've finished."
SUMMARY_INTRO = "📊 <b>Your week in review</b>"
DIGEST_HEADER = "📋 <b>Your athletes' week</b> · {start} – {end}"
DIGEST_TEAM = "Together: {completed}/{total} workouts done ({percentage}%)"
DIGEST_LINE = "{rank}. <b>{name}</b> — week {week_number}: {completed}/{total} workouts ({percentage}%), {completed_minutes} of {planned_minutes} min{flag}"
DIGEST_NO_PLAN_HEADER = "<b>No plan this week</b>"
DIGEST_NO_PLAN_LINE = "• <b>{name}</b>{flag}"
DIGEST_UNREACHABLE = " ⚠️ blocked the bot, so they get no messages from me"
DIGEST_EMPTY_WEEK = "None of your athletes had a plan this week."

# --- progress: units, records, charts, export ------------------------------------

UNITS_USAGE = (
    "Loads are shown to you in <b>{unit}</b>, and a load you write without a unit "
    "(<code>@ 40</code>) is read in it. Change it with /units kg or /units lb."
)
UNITS_SET = "Done: loads are now shown in <b>{unit}</b>, and <code>@ 40</code> means 40 {unit}."
RECORD_NEW = "🏆 New record: <b>{exercise}</b> {value}"
RECORD_TRAINER_NOTICE = "🏆 <b>{athlete}</b> · new record: <b>{exercise}</b> {value}"
RECORD_LOAD = "{reps} @ {load}"
RECORD_E1RM = "e1RM {load} (from {reps} @ {from_load})"
RECORD_DISTANCE = "longest {distance}"
RECORD_PACE = "fastest {bucket} pace {pace}"
RECORDS_FOR = " · {athlete}"
RECORDS_HEADER = "🏆 <b>Personal records</b>{who}"
RECORDS_EMPTY = "🏆 No records yet{who}: they come from what is logged with /log."
RECORDS_EXERCISE = "<b>{exercise}</b>"
RECORDS_LINE = "• {value} — {when}"
RECORDS_PICK = "Whose records?"
RECORDS_NOBODY = "You have no athletes yet."
LOG_INVALID_FORMS = (
    "I couldn't read that. Send what you did, e.g.\n"
    "<code>3x10 @ 20kg felt strong</code> · <code>3x10 @ 40kg RPE 8</code> · "
    "<code>10,10,8 @ 40kg</code> (set by set) · <code>3x60s</code> · "
    "<code>5km in 27:30</code> · <code>6x400m in 1:32</code>.\n"
    "<code>m</code> is metres; minutes are <code>min</code>."
)
PROGRESS_PICK_ATHLETE = "📈 Whose progress?"
PROGRESS_PICK = "📈 <b>{athlete}</b>: which chart? Exercises most logged first."
PROGRESS_NOTHING = "📈 Nothing logged yet{who}: charts come from what is logged with /log."
BUTTON_WEEKLY_COMPLETION = "📅 Completion of every week"
BUTTON_ROSTER_COMPLETION = "👥 My athletes this week"
CHART_EXERCISE_CAPTION = "📈 <b>{athlete}</b> · {exercise}"
CHART_WEEKS_CAPTION = "📅 <b>{athlete}</b> · completion of every week"
CHART_ROSTER_CAPTION = "👥 Your athletes' completion this week"
CHART_RENDERING = "Drawing the chart…"
EXPORT_PICK = "📦 Whose data do you want as CSV files?"
BUTTON_EXPORT_ALL = "👥 All my athletes"
EXPORT_CAPTION = (
    "📦 <b>{who}</b>: {table}.csv, rows: {rows}. UTF-8, one header row, ISO dates; "
    "the columns are described in docs/export.md."
)
EXPORT_ALL_WHO = "All your athletes"
EXPORT_DONE = "📦 Done: {count} files ({tables})."
HISTORY_EXERCISES = "Tap an exercise for its last logs:"
HISTORY_EXERCISE_HEADER = "📝 <b>{name}</b> — your last {count} logs (newest first):"
HISTORY_EXERCISE_EMPTY = "📝 Nothing logged for this exercise yet."
BUTTON_HISTORY_EXERCISE = "📝 {name}"
BUTTON_BACK_TO_WEEKS = "◀️ Your weeks"

# --- i18n: the language, counted texts ----------------------------------------------

LANGUAGE_PICK = "🌐 Your language is <b>{language}</b>. Tap one to change it:"
LANGUAGE_SET = "🌐 Done: I'll talk to you in English from now on."
MENU_LANGUAGE = (("language", "Choose your language"),)
HELP_LANGUAGE = "/language — the language I talk to you in"
# Counted texts: texts.PROBLEMS(n).format(count=n) picks the language's plural form.
PROBLEMS = P_("{count} problem", "{count} problems")
PLANS_MOVED = P_("{count} plan moved", "{count} plans moved")
WORKOUTS = P_("{count} workout", "{count} workouts")
# Chart labels (bot/charts.py): composed before drawing, in the reader's language.
CHART_LOAD = "Load ({unit})"
CHART_TOP_SET = "Top set"
CHART_E1RM = "e1RM (Epley)"
CHART_DISTANCE_KM = "Distance (km)"
CHART_DISTANCE = "Distance"
CHART_PACE_MIN_KM = "Pace (min/km)"
CHART_PACE = "Pace"
CHART_WEEKS_TITLE = "{athlete} · weekly completion"
CHART_WEEK_LABEL = "W{number}\n{date}"
CHART_WORKOUTS_DONE = "Workouts done (%)"
CHART_COMPLETION = "Completion"
CHART_ROSTER_TITLE = "{trainer}'s athletes · this week"
CHART_NO_DATA = "No data yet"
PER_SIDE = " each"

# Last: the constants above become msgids, and texts.NAME their translation (bot/i18n.py).
i18n.install(globals())
