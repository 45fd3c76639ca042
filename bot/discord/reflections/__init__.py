"""Weekly reflections, blockers, reminders and the midweek nudge on Discord: their embeds,
their persistent buttons and their modals."""
