"""The fake Discord gateway: a websocket speaking just enough of gateway v10 for discord.py 2.7.

HELLO (op 10) on connect; HEARTBEAT (op 1) is answered with HEARTBEAT_ACK (op 11); IDENTIFY
(op 2) gets READY (with a loopback ``resume_gateway_url``) then one GUILD_CREATE per guild of
the shard; RESUME (op 6) of a known session gets RESUMED; REQUEST_GUILD_MEMBERS (op 8) gets one
GUILD_MEMBERS_CHUNK. Frames are plain JSON text (discord.py only inflates binary frames)."""

from __future__ import annotations

import asyncio
import json
import secrets
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from tests.adapters.fake_discord_models import JSON
from tests.adapters.fake_discord_state import World

DISPATCH, HEARTBEAT, IDENTIFY, RESUME, RECONNECT = 0, 1, 2, 6, 7
REQUEST_MEMBERS, INVALID_SESSION, HELLO, HEARTBEAT_ACK = 8, 9, 10, 11


@dataclass
class Session:
    """A gateway session; it outlives a socket so that RESUME can continue its sequence."""

    id: str
    intents: int
    shard: tuple[int, int] | None
    seq: int = 0
    events: list[tuple[int, str, JSON]] = field(default_factory=list)

    def handles_guild(self, guild_id: int | None) -> bool:
        if self.shard is None:
            return True
        shard_id, count = self.shard
        return (0 if guild_id is None else (guild_id >> 22) % count) == shard_id


class Connection:
    def __init__(self, ws: web.WebSocketResponse) -> None:
        self.ws = ws
        self.session: Session | None = None
        self.lock = asyncio.Lock()

    async def send(self, op: int, data: Any, event: str | None = None) -> None:
        async with self.lock:
            frame: JSON = {"op": op, "d": data, "s": None, "t": event}
            if op == DISPATCH:
                assert self.session is not None
                assert event is not None
                self.session.seq += 1
                frame["s"] = self.session.seq
                self.session.events.append((self.session.seq, event, data))
            if not self.ws.closed:
                await self.ws.send_str(json.dumps(frame))


class Gateway:
    def __init__(self, world: World, url: str) -> None:
        self.world = world
        self.url = url
        self.heartbeat_interval_ms = 41_250
        self.connections: list[Connection] = []
        self.sessions: dict[str, Session] = {}
        self.identifies: list[JSON] = []  # every IDENTIFY payload (token, intents, shard, ...)
        self.resumes: list[JSON] = []
        self.presence_updates: list[JSON] = []
        self.ready = asyncio.Event()  # set by the first READY

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        connection = Connection(ws)
        self.connections.append(connection)
        try:
            await connection.send(HELLO, {"heartbeat_interval": self.heartbeat_interval_ms})
            async for message in ws:
                if message.type is WSMsgType.TEXT:
                    await self._on_frame(connection, json.loads(message.data))
                elif message.type is WSMsgType.ERROR:
                    break
        finally:
            self.connections.remove(connection)
        return ws

    async def _on_frame(self, connection: Connection, frame: JSON) -> None:
        op = frame.get("op")
        raw = frame.get("d")
        data: JSON = raw if isinstance(raw, dict) else {}
        if op == HEARTBEAT:
            await connection.send(HEARTBEAT_ACK, None)
        elif op == IDENTIFY:
            await self._identify(connection, data)
        elif op == RESUME:
            await self._resume(connection, data)
        elif op == REQUEST_MEMBERS:
            guild = self.world.guilds.get(int(data["guild_id"]))
            members = [] if guild is None else [guild.member_payload(m.user) for m in guild.members.values()]
            chunk = {"guild_id": data["guild_id"], "members": members, "chunk_index": 0, "chunk_count": 1}
            if data.get("nonce"):
                chunk["nonce"] = data["nonce"]
            await connection.send(DISPATCH, chunk, "GUILD_MEMBERS_CHUNK")
        elif op == 3:
            self.presence_updates.append(data)

    async def _identify(self, connection: Connection, data: JSON) -> None:
        self.identifies.append(data)
        if data.get("token") != self.world.token:
            await connection.ws.close(code=4004, message=b"Authentication failed.")
            return
        shard = (int(data["shard"][0]), int(data["shard"][1])) if data.get("shard") else None
        session = Session(secrets.token_hex(16), int(data.get("intents", 0)), shard)
        self.sessions[session.id] = session
        connection.session = session
        guilds = [g for g in self.world.guilds.values() if session.handles_guild(g.id)]
        ready: JSON = {
            "v": 10,
            "user": {**self.world.bot.payload(), "verified": True, "mfa_enabled": False, "flags": 0},
            "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
            "session_id": session.id,
            "resume_gateway_url": self.url,
            "application": {"id": str(self.world.application_id), "flags": 0},
            "private_channels": [],
            "relationships": [],
        }
        if shard is not None:
            ready["shard"] = list(shard)
        await connection.send(DISPATCH, ready, "READY")
        for guild in guilds:
            await connection.send(DISPATCH, guild.create_payload(), "GUILD_CREATE")
        self.ready.set()

    async def _resume(self, connection: Connection, data: JSON) -> None:
        self.resumes.append(data)
        session = self.sessions.get(data.get("session_id") or "")
        if session is None or data.get("token") != self.world.token:
            await connection.send(INVALID_SESSION, False)
            return
        connection.session = session
        async with connection.lock:  # replay what the client missed, with the original numbers
            for seq, event, payload in list(session.events):
                if seq > int(data.get("seq") or 0):
                    await connection.ws.send_str(
                        json.dumps({"op": DISPATCH, "d": payload, "s": seq, "t": event})
                    )
        await connection.send(DISPATCH, {}, "RESUMED")

    def live(self, guild_id: int | None = None) -> list[Connection]:
        return [
            c
            for c in self.connections
            if c.session is not None and not c.ws.closed and c.session.handles_guild(guild_id)
        ]

    async def dispatch(self, event: str, data: JSON, *, guild_id: int | None = None) -> int:
        """Send a DISPATCH to every identified client (of the guild's shard); returns how many."""
        targets = self.live(guild_id)
        if not targets:
            raise RuntimeError(f"no client is connected to the fake gateway to receive {event}")
        for connection in targets:
            await connection.send(DISPATCH, data, event)
        return len(targets)

    async def request_reconnect(self) -> None:
        """Send RECONNECT (op 7): clients drop the socket and RESUME on ``resume_gateway_url``."""
        for connection in list(self.connections):
            await connection.send(RECONNECT, None)

    async def close_all(self, code: int = 1001) -> None:
        for connection in list(self.connections):
            await connection.ws.close(code=code)
