"""Discord's payload limits, enforced by the fake the way Discord does: a 400 with error code
50035 ("Invalid Form Body") naming the offending field. A bot that renders too much text must
split or truncate it before sending; the fake makes forgetting to do so a test failure."""

from __future__ import annotations

import re
from typing import Any

JSON = dict[str, Any]

MESSAGE_CONTENT = 2000
EMBEDS_PER_MESSAGE = 10
EMBED_TOTAL = 6000
EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER_TEXT = 2048
AUTHOR_NAME = 256
ACTION_ROWS = 5
ROW_BUTTONS = 5
CUSTOM_ID = 100
BUTTON_LABEL = 80
SELECT_OPTIONS = 25
SELECT_OPTION_TEXT = 100
PLACEHOLDER = 150
AUTOCOMPLETE_CHOICES = 25
CHOICE_NAME = 100
MODAL_TITLE = 45
TEXT_INPUT_LABEL = 45
NONCE = 25


def _text_len(value: Any) -> int:
    return len(value) if isinstance(value, str) else 0


def embed_errors(embed: JSON, where: str) -> list[str]:
    errors: list[str] = []
    for key, limit in (("title", EMBED_TITLE), ("description", EMBED_DESCRIPTION)):
        if _text_len(embed.get(key)) > limit:
            errors.append(f"{where}.{key}: must be {limit} or fewer in length")
    footer = embed.get("footer") or {}
    author = embed.get("author") or {}
    if _text_len(footer.get("text")) > FOOTER_TEXT:
        errors.append(f"{where}.footer.text: must be {FOOTER_TEXT} or fewer in length")
    if _text_len(author.get("name")) > AUTHOR_NAME:
        errors.append(f"{where}.author.name: must be {AUTHOR_NAME} or fewer in length")
    fields = embed.get("fields") or []
    if len(fields) > EMBED_FIELDS:
        errors.append(f"{where}.fields: must be {EMBED_FIELDS} or fewer in length")
    for i, item in enumerate(fields):
        if not item.get("name") or not item.get("value"):
            errors.append(f"{where}.fields.{i}: name and value are required")
        if _text_len(item.get("name")) > FIELD_NAME:
            errors.append(f"{where}.fields.{i}.name: must be {FIELD_NAME} or fewer in length")
        if _text_len(item.get("value")) > FIELD_VALUE:
            errors.append(f"{where}.fields.{i}.value: must be {FIELD_VALUE} or fewer in length")
    return errors


def component_errors(rows: list[JSON]) -> list[str]:
    errors: list[str] = []
    if len(rows) > ACTION_ROWS:
        errors.append(f"components: must be {ACTION_ROWS} or fewer in length")
    for r, row in enumerate(rows):
        children = row.get("components", []) if row.get("type") == 1 else [row]
        if row.get("type") == 1 and len(children) > ROW_BUTTONS:
            errors.append(f"components.{r}.components: must be {ROW_BUTTONS} or fewer in length")
        for c, child in enumerate(children):
            where = f"components.{r}.components.{c}"
            if _text_len(child.get("custom_id")) > CUSTOM_ID:
                errors.append(f"{where}.custom_id: must be {CUSTOM_ID} or fewer in length")
            if child.get("type") == 2 and _text_len(child.get("label")) > BUTTON_LABEL:
                errors.append(f"{where}.label: must be {BUTTON_LABEL} or fewer in length")
            if _text_len(child.get("placeholder")) > PLACEHOLDER:
                errors.append(f"{where}.placeholder: must be {PLACEHOLDER} or fewer in length")
            options = child.get("options") or []
            if len(options) > SELECT_OPTIONS:
                errors.append(f"{where}.options: must be {SELECT_OPTIONS} or fewer in length")
            for o, option in enumerate(options):
                for key in ("label", "value", "description"):
                    if _text_len(option.get(key)) > SELECT_OPTION_TEXT:
                        errors.append(f"{where}.options.{o}.{key}: must be 100 or fewer in length")
    return errors


def message_errors(body: JSON) -> list[str]:
    """Errors for a message create/edit body (channel message, interaction reply, webhook)."""
    errors: list[str] = []
    content = body.get("content")
    if _text_len(content) > MESSAGE_CONTENT:
        errors.append(f"content: must be {MESSAGE_CONTENT} or fewer in length")
    embeds = body.get("embeds") or []
    if len(embeds) > EMBEDS_PER_MESSAGE:
        errors.append(f"embeds: must be {EMBEDS_PER_MESSAGE} or fewer in length")
    for i, embed in enumerate(embeds):
        errors.extend(embed_errors(embed, f"embeds.{i}"))
    if sum(_embed_size(e) for e in embeds) > EMBED_TOTAL:
        errors.append(f"embeds: combined embed size exceeds {EMBED_TOTAL}")
    errors.extend(component_errors(body.get("components") or []))
    if _text_len(body.get("nonce")) > NONCE:
        errors.append(f"nonce: must be {NONCE} or fewer in length")
    return errors


def _embed_size(embed: JSON) -> int:
    size = _text_len(embed.get("title")) + _text_len(embed.get("description"))
    size += _text_len((embed.get("footer") or {}).get("text"))
    size += _text_len((embed.get("author") or {}).get("name"))
    for item in embed.get("fields") or []:
        size += _text_len(item.get("name")) + _text_len(item.get("value"))
    return size


def callback_errors(body: JSON) -> list[str]:
    """Errors for an interaction callback body (types 4-9)."""
    kind = body.get("type")
    data = body.get("data") or {}
    if kind in (4, 7):
        return message_errors(data)
    if kind == 8:
        choices = data.get("choices") or []
        errors = [f"data.choices: must be {AUTOCOMPLETE_CHOICES} or fewer"] if len(choices) > 25 else []
        for i, choice in enumerate(choices):
            if not 1 <= _text_len(choice.get("name")) <= CHOICE_NAME:
                errors.append(f"data.choices.{i}.name: must be between 1 and {CHOICE_NAME} in length")
            value = choice.get("value")
            if isinstance(value, str) and len(value) > CHOICE_NAME:
                errors.append(f"data.choices.{i}.value: must be {CHOICE_NAME} or fewer in length")
        return errors
    if kind == 9:
        errors = []
        if not 1 <= _text_len(data.get("title")) <= MODAL_TITLE:
            errors.append(f"data.title: must be between 1 and {MODAL_TITLE} in length")
        for item in walk_components(data.get("components") or []):
            if item.get("type") in (4, 18) and _text_len(item.get("label")) > TEXT_INPUT_LABEL:
                errors.append(f"data.components: label must be {TEXT_INPUT_LABEL} or fewer in length")
        return errors
    return []


def walk_components(components: list[JSON]) -> list[JSON]:
    """Every component, depth first (action rows, labels and containers are opened)."""
    found: list[JSON] = []
    for item in components:
        found.append(item)
        found.extend(walk_components(item.get("components") or []))
        if isinstance(item.get("component"), dict):
            found.extend(walk_components([item["component"]]))
    return found


_COMMAND_NAME = re.compile(r"^[-_\w]{1,32}$")


def command_errors(command: JSON, where: str) -> list[str]:
    """Errors Discord reports for a synced command (names, descriptions, option counts)."""
    errors = []
    name = str(command.get("name", ""))
    if not _COMMAND_NAME.match(name) or (command.get("type", 1) == 1 and name != name.lower()):
        errors.append(f"{where}.name: invalid command name {name!r}")
    description = str(command.get("description", ""))
    if command.get("type", 1) == 1 and not 1 <= len(description) <= 100:
        errors.append(f"{where}.description: must be between 1 and 100 in length")
    options = command.get("options") or []
    if len(options) > 25:
        errors.append(f"{where}.options: must be 25 or fewer in length")
    for i, option in enumerate(options):
        if len(option.get("choices") or []) > 25:
            errors.append(f"{where}.options.{i}.choices: must be 25 or fewer in length")
        if option.get("type") in (1, 2):
            errors.extend(command_errors({**option, "type": 1}, f"{where}.options.{i}"))
    return errors
