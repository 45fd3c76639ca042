"""INTERACTION_CREATE payloads as Discord builds them: application commands (type 2) with
nested SUB_COMMAND_GROUP/SUB_COMMAND options typed from the commands the bot synced,
autocomplete (type 4), message components (type 3) and modal submits (type 5)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tests.adapters.fake_discord_limits import walk_components
from tests.adapters.fake_discord_models import DM, JSON, Channel, FileUpload, Role, User
from tests.adapters.fake_discord_state import World

STRING, INTEGER, BOOLEAN, USER, CHANNEL, ROLE, MENTIONABLE, NUMBER, ATTACHMENT = 3, 4, 5, 6, 7, 8, 9, 10, 11
SNOWFLAKE_TYPES = (USER, CHANNEL, ROLE, MENTIONABLE, ATTACHMENT)
ATTACHMENT_LIMIT = 10 * 1024 * 1024


def base_payload(
    world: World, kind: int, data: JSON, user: User, guild_id: int | None, channel_id: int | None
) -> JSON:
    """The fields every interaction carries, in a guild (``member``) or a DM (``user``)."""
    payload: JSON = {
        "id": str(world.ids.next()),
        "application_id": str(world.application_id),
        "type": kind,
        "data": data,
        "token": world.new_token(),
        "version": 1,
        "locale": "en-US",
        "entitlements": [],
        "attachment_size_limit": ATTACHMENT_LIMIT,
    }
    if guild_id is not None:
        guild = world.guilds[guild_id]
        channel = guild.channel(channel_id) if channel_id is not None else guild.channels[0]
        permissions = guild.permissions_for(user.id)
        payload.update(
            guild_id=str(guild.id),
            guild={"id": str(guild.id), "locale": "en-US", "features": []},
            guild_locale="en-US",
            member=guild.member_payload(user),
            app_permissions=str(guild.permissions_for(world.bot.id)),
            authorizing_integration_owners={"0": str(guild.id)},
            context=0,
        )
        payload["member"]["permissions"] = str(permissions)
    else:
        found = world.channel(channel_id) if channel_id is not None else world.dm_channel(user)
        if found is None or found.type != DM:
            raise ValueError("an interaction outside a guild needs a DM channel")
        channel = found
        payload.update(user=user.payload(), authorizing_integration_owners={"1": str(user.id)}, context=1)
        payload["app_permissions"] = "0"
    payload["channel_id"] = str(channel.id)
    payload["channel"] = {**channel.payload(), "permissions": payload.get("app_permissions", "0")}
    return payload


def command_data(
    world: World,
    guild_id: int | None,
    path: list[str],
    options: Mapping[str, Any],
    *,
    focused: str | None = None,
    option_types: Mapping[str, int] | None = None,
    validate: bool = True,
) -> JSON:
    """``data`` of a chat-input command: ``path`` is ["skill", "add"] for ``/skill add``."""
    command = world.find_command(guild_id, path[0])
    if command is None and option_types is None and options:
        raise ValueError(f"/{path[0]} was never synced: sync the tree first or pass option_types")
    declared: list[JSON] = command.get("options", []) if command else []
    branches: list[tuple[str, int]] = []
    for name in path[1:]:
        sub = next((o for o in declared if o["name"] == name and o["type"] in (1, 2)), None)
        if sub is None and command is not None:
            raise ValueError(f"/{' '.join(path)}: no subcommand or group {name!r} was synced")
        branches.append((name, sub["type"] if sub else (1 if name == path[-1] else 2)))
        declared = sub.get("options", []) if sub else []
    leaf, resolved = _leaf_options(world, guild_id, declared, options, focused, option_types or {}, validate)
    if validate and focused is None:
        missing = [o["name"] for o in declared if o.get("required") and o["name"] not in options]
        if missing:
            raise ValueError(f"/{' '.join(path)}: missing required options {missing}")
    for name, kind in reversed(branches):
        leaf = [{"name": name, "type": kind, "options": leaf}]
    data: JSON = {
        "id": command["id"] if command else str(world.ids.next()),
        "name": path[0],
        "type": 1,
        "options": leaf,
    }
    if command is not None and "guild_id" in command:
        data["guild_id"] = command["guild_id"]
    if resolved:
        data["resolved"] = resolved
    return data


def _leaf_options(
    world: World,
    guild_id: int | None,
    declared: list[JSON],
    values: Mapping[str, Any],
    focused: str | None,
    explicit: Mapping[str, int],
    validate: bool,
) -> tuple[list[JSON], JSON]:
    options: list[JSON] = []
    resolved: JSON = {}
    for name, value in values.items():
        spec = next((o for o in declared if o["name"] == name), None)
        if spec is None and name not in explicit and declared:
            raise ValueError(f"option {name!r} is not declared (declared: {[o['name'] for o in declared]})")
        kind = explicit.get(name) or (spec["type"] if spec else _guess_type(value))
        if isinstance(value, FileUpload):
            attached = world.attach(value)
            resolved.setdefault("attachments", {})[attached["id"]] = attached
            options.append({"name": name, "type": ATTACHMENT, "value": attached["id"]})
            continue
        option: JSON = {"name": name, "type": kind, "value": _encode(kind, value, name == focused)}
        if name == focused:
            option["focused"] = True
        elif validate and spec is not None:
            _check_value(spec, option["value"])
        if kind in SNOWFLAKE_TYPES:
            _resolve(world, guild_id, int(option["value"]), kind, resolved)
        options.append(option)
    return options, resolved


def _guess_type(value: Any) -> int:
    if isinstance(value, bool):
        return BOOLEAN
    if isinstance(value, int):
        return INTEGER
    if isinstance(value, float):
        return NUMBER
    if isinstance(value, User):
        return USER
    if isinstance(value, Role):
        return ROLE
    if isinstance(value, Channel):
        return CHANNEL
    return STRING


def _encode(kind: int, value: Any, focused: bool) -> Any:
    if focused:  # Discord sends what the user has typed so far, as a string
        return str(value)
    if kind in SNOWFLAKE_TYPES:
        return str(getattr(value, "id", value))
    if kind == INTEGER:
        return int(value)
    if kind == NUMBER:
        return float(value)
    if kind == BOOLEAN:
        return bool(value)
    return str(value)


def _check_value(spec: JSON, value: Any) -> None:
    """What Discord's own client enforces before sending: choices, ranges and lengths."""
    name = spec["name"]
    choices = spec.get("choices")
    if choices and value not in [c["value"] for c in choices]:
        raise ValueError(f"{name}={value!r} is not one of the declared choices")
    if spec.get("min_value") is not None and value < spec["min_value"]:
        raise ValueError(f"{name}={value!r} is below min_value {spec['min_value']}")
    if spec.get("max_value") is not None and value > spec["max_value"]:
        raise ValueError(f"{name}={value!r} is above max_value {spec['max_value']}")
    if isinstance(value, str):
        if spec.get("min_length") is not None and len(value) < spec["min_length"]:
            raise ValueError(f"{name} is shorter than min_length {spec['min_length']}")
        if spec.get("max_length") is not None and len(value) > spec["max_length"]:
            raise ValueError(f"{name} is longer than max_length {spec['max_length']}")


def _resolve(world: World, guild_id: int | None, snowflake: int, kind: int, resolved: JSON) -> None:
    guild = world.guilds.get(guild_id) if guild_id is not None else None
    user = world.users.get(snowflake)
    if kind in (USER, MENTIONABLE) and user is not None:
        resolved.setdefault("users", {})[str(user.id)] = user.payload()
        if guild is not None and user.id in guild.members:
            member = guild.member_payload(user)
            member.pop("user")
            resolved.setdefault("members", {})[str(user.id)] = member
        return
    if guild is not None and kind in (ROLE, MENTIONABLE):
        role = next((r for r in guild.roles if r.id == snowflake), None)
        if role is not None:
            resolved.setdefault("roles", {})[str(role.id)] = role.payload()
    channel = world.channel(snowflake)
    if kind == CHANNEL and channel is not None:
        resolved.setdefault("channels", {})[str(channel.id)] = {**channel.payload(), "permissions": "0"}


def component_data(
    message: JSON, custom_id: str, values: list[str] | None, component_type: int | None
) -> JSON:
    """``data`` of a click (button, component_type 2) or a select (3, with ``values``); the
    component type is read from the message's components when it is not given."""
    if component_type is None:
        found = next(
            (c for c in walk_components(message.get("components") or []) if c.get("custom_id") == custom_id),
            None,
        )
        component_type = found["type"] if found else (3 if values is not None else 2)
    data: JSON = {"custom_id": custom_id, "component_type": component_type}
    if component_type != 2:
        data["values"] = list(values or [])
    return data


def modal_data(custom_id: str, fields: Mapping[str, str | list[str]], declared: JSON | None) -> JSON:
    """``data`` of a modal submit, mirroring the modal's layout (action rows or labels) when the
    fake saw it opened; ``fields`` maps each input's custom_id to its value (list for selects)."""

    def answer(component: JSON) -> JSON | None:
        kind, cid = component.get("type"), component.get("custom_id")
        if kind == 1:
            children = [a for c in component.get("components", []) if (a := answer(c)) is not None]
            return {"type": 1, "components": children}
        if kind == 18 and isinstance(component.get("component"), dict):
            inner = answer(component["component"])
            return None if inner is None else {"type": 18, "id": component.get("id", 0), "component": inner}
        if kind == 4:
            value = fields.get(str(cid), "")
            return {"type": 4, "custom_id": cid, "value": value if isinstance(value, str) else value[0]}
        if kind in (3, 5, 6, 7, 8):
            value = fields.get(str(cid), [])
            return {"type": kind, "custom_id": cid, "values": [value] if isinstance(value, str) else value}
        return None

    if declared is not None:
        components = [a for c in declared.get("components", []) if (a := answer(c)) is not None]
        unknown = set(fields) - {c.get("custom_id") for c in walk_components(declared.get("components", []))}
        if unknown:
            raise ValueError(f"modal {custom_id!r} has no inputs {sorted(unknown)}")
    else:
        components = [
            {"type": 1, "components": [{"type": 4, "custom_id": k, "value": v}]}
            if isinstance(v, str)
            else {"type": 1, "components": [{"type": 3, "custom_id": k, "values": v}]}
            for k, v in fields.items()
        ]
    return {"custom_id": custom_id, "components": components}
