"""The reflection modal (its fields are the cohort's questions, prefilled when editing) and
the modal of an instructor's reply to a blocker. Their custom ids carry the cohort's server
id (a DM has no server), the week or the student, and the person it was opened for:
discord.py keeps open modals by custom id alone, so two people's forms must never share
one (the first submit would close the other's)."""

from __future__ import annotations

import discord

from bot.discord.modals import in_workspace
from bot.discord.render_safe import clip, one_line
from bot.discord.respond import Present, respond
from core.domain.limits import BLOCKER_REPLY, REFLECTION_ANSWER, REFLECTION_QUESTION
from core.services import reflections
from core.views.reflections import ReflectionFormView
from core.views.reports import BlockerView

MODAL_TITLE = 45
PLACEHOLDER = 100
MAX_FIELDS = 5


def _label(text: str, fallback: str) -> str:
    return clip(one_line(text), REFLECTION_QUESTION) or fallback


class ReflectionModal(discord.ui.Modal):
    """One paragraph field per question (``q1`` … ``q5``, the keys the service reads);
    ``present`` shows the saved reflection with its buttons."""

    def __init__(self, workspace: str, form: ReflectionFormView, present: Present, user_id: int) -> None:
        title = ("Edit: " if form.editing else "Reflection: ") + one_line(form.week_label)
        custom_id = f"stride:reflectform:{workspace}:{form.week}:{user_id}"
        super().__init__(title=clip(title, MODAL_TITLE), custom_id=custom_id)
        self.workspace, self.week, self.present = workspace, form.week, present
        self.answers: list[discord.ui.TextInput[ReflectionModal]] = []
        for number, question in enumerate(form.questions[:MAX_FIELDS], start=1):
            field: discord.ui.TextInput[ReflectionModal] = discord.ui.TextInput(
                label=_label(question.question, f"Question {number}"),
                custom_id=question.key,
                style=discord.TextStyle.paragraph,
                required=False,
                max_length=REFLECTION_ANSWER,
                default=question.answer[:REFLECTION_ANSWER] or None,
            )
            self.answers.append(field)
            self.add_item(field)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        answers = {field.custom_id: field.value for field in self.answers}
        week, key = self.week, f"discord:{interaction.id}"
        await respond(
            interaction,
            in_workspace(
                self.workspace,
                lambda ctx, who: reflections.submit_reflection(
                    ctx, who, None, answers, week=week, idempotency_key=key
                ),
            ),
            present=self.present,
        )


class BlockerReplyModal(discord.ui.Modal):
    """An instructor's answer to the blocker a digest's *Reply* button names."""

    reply: discord.ui.TextInput[BlockerReplyModal] = discord.ui.TextInput(
        label="Your reply", custom_id="reply", style=discord.TextStyle.paragraph, max_length=BLOCKER_REPLY
    )

    def __init__(self, workspace: str, blocker: BlockerView, user_id: int) -> None:
        super().__init__(
            title=clip(f"Reply to {one_line(blocker.name)}", MODAL_TITLE),
            custom_id=f"stride:replyform:{workspace}:{blocker.member_id}:{user_id}",
        )
        self.workspace, self.member_id = workspace, blocker.member_id
        self.reply.placeholder = clip(one_line(blocker.text), PLACEHOLDER) or None

    async def on_submit(self, interaction: discord.Interaction) -> None:
        text, member_id, key = self.reply.value, self.member_id, f"discord:{interaction.id}"
        await respond(
            interaction,
            in_workspace(
                self.workspace,
                lambda ctx, who: reflections.reply_to_blocker(
                    ctx, who, None, text=text, member_id=member_id, idempotency_key=key
                ),
            ),
        )
