"""A refused sign-in is answered after a pause, holding nothing while it waits.

Each wrong password already costs one argon2 check (bounded per process, app/auth/sign_in.py) and counts towards
the throttle (app/auth/throttle.py). Pausing the refusal as well slows each guessing client to one guess per
pause, so a flood of clients cannot crowd out signed-in users' pages. The response is held here, outside the
in-flight limit, so the pause takes neither a database connection nor a worker thread.
"""

import anyio
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.config import get_settings

SIGN_IN = "/sign-in"
REFUSED = frozenset({401, 403, 422, 429})


class SlowRefusals:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"] != SIGN_IN:
            await self.app(scope, receive, send)
            return
        held: list[Message] = []

        async def hold(message: Message) -> None:
            held.append(message)

        await self.app(scope, receive, hold)
        if held and held[0].get("status") in REFUSED:
            await anyio.sleep(get_settings().sign_in_refusal_pause_seconds)
        for message in held:
            await send(message)
