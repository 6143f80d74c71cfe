"""Real-time events as a bot author gets them with `mattermostdriver`:
`Driver.init_websocket(event_handler)` run in a background thread, with posts made
by another user over REST. Checked against Stoa's /api/v4/websocket."""

import asyncio
import json
import threading
import time

import pytest

from conftest import RUN, USER_PASSWORD, driver_options
from mattermostdriver import Driver

# How long to wait for an event that must arrive, and how long to watch for one
# that must not. Events are pushed as soon as the post is saved, so both are generous.
EVENT_TIMEOUT = 10
QUIET_WINDOW = 0.5


class Listener:
    """`driver.init_websocket(handler)` on a thread of its own, as bots run it.

    init_websocket blocks in `loop.run_until_complete(...)` on the thread's event
    loop, so the thread gets a fresh loop first (a non-main thread has none). Every
    message the handler is called with is decoded and kept, in arrival order."""

    def __init__(self, driver):
        self.driver = driver
        self.messages = []
        self.error = None
        self._cond = threading.Condition()
        self._loop = None
        self._thread = threading.Thread(target=self._run, name="mattermostdriver-websocket", daemon=True)

    async def _handler(self, message):
        # mattermostdriver passes the raw text of each frame.
        msg = json.loads(message)
        with self._cond:
            self.messages.append(msg)
            self._cond.notify_all()

    def _run(self):
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        self._loop = loop
        try:
            self.driver.init_websocket(self._handler)
        except asyncio.CancelledError:
            pass
        except BaseException as e:  # reported by the test, not lost on this thread
            self.error = e
        finally:
            # What asyncio.run() does on the way out: nothing left pending on the loop.
            pending = asyncio.all_tasks(loop)
            for task in pending:
                task.cancel()
            if pending:
                loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()
            with self._cond:
                self._cond.notify_all()

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        """Stops the websocket loop so the thread (and pytest) can finish."""
        ws = self.driver.websocket
        if ws is not None:
            self.driver.disconnect()  # no reconnect, the loop ends at its next turn
        # Don't wait for the loop's read timeout: cancel what it is waiting on. Again
        # until the thread ends: on Python < 3.12 asyncio.wait_for() can swallow a
        # cancellation that races with the socket closing.
        deadline = time.monotonic() + 10
        while self._thread.is_alive() and time.monotonic() < deadline:
            loop = self._loop
            if loop is not None:
                try:
                    loop.call_soon_threadsafe(_cancel_all, loop)
                except RuntimeError:  # the loop closed meanwhile
                    pass
            self._thread.join(timeout=0.2)
        assert not self._thread.is_alive(), "the websocket thread did not stop"

    def events(self):
        with self._cond:
            return [m for m in self.messages if "event" in m]

    def wait_for(self, predicate, what, timeout=EVENT_TIMEOUT):
        """The first message matching `predicate`, waiting up to `timeout` seconds."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for m in self.messages:
                    if predicate(m):
                        return m
                if self.error is not None:
                    raise AssertionError(f"websocket loop failed while waiting for {what}: {self.error!r}")
                left = deadline - time.monotonic()
                if left <= 0 or not self._thread.is_alive():
                    raise AssertionError(
                        f"no {what} within {timeout}s; messages received: {self.messages!r}")
                self._cond.wait(left)

    def wait_for_posted(self, post_id, what="posted event"):
        def match(m):
            return m.get("event") == "posted" and _post_of(m).get("id") == post_id
        return self.wait_for(match, f"{what} for post {post_id}")


def _cancel_all(loop):
    for task in asyncio.all_tasks(loop):
        task.cancel()


def _post_of(event):
    """`data.post` of a posted event: a JSON-encoded string in Mattermost's protocol."""
    raw = (event.get("data") or {}).get("post")
    if not isinstance(raw, str):
        return {}
    try:
        return json.loads(raw)
    except ValueError:
        return {}


@pytest.fixture
def listen():
    """listen(driver) starts init_websocket for it; everything started is stopped after."""
    started = []

    def start(driver):
        listener = Listener(driver).start()
        started.append(listener)
        listener.wait_for(lambda m: m.get("event") == "hello", "hello event")
        return listener

    yield start
    for listener in started:
        listener.stop()


@pytest.fixture
def ws_alice(alice_user):
    """Alice logged in with a websocket heartbeat of 1 s (the driver's `timeout` option)."""
    opts = driver_options(alice_user["username"], USER_PASSWORD)
    opts["timeout"] = 1
    d = Driver(opts)
    d.login()
    return d


_rooms = 0


def _channel(admin, team, members, kind):
    global _rooms
    _rooms += 1
    ch = admin.channels.create_channel({
        "team_id": team["id"], "name": f"py-ws-{_rooms}-{RUN}",
        "display_name": f"Py WebSocket {_rooms}", "type": kind,
    })
    for u in members:
        admin.channels.add_user(ch["id"], {"user_id": u["id"]})
    return ch


def test_hello_then_posted_from_another_user(listen, ws_alice, alice_user, bob, bob_user, admin, team_with_members):
    room = _channel(admin, team_with_members, [alice_user, bob_user], "O")
    ws = listen(ws_alice)

    # The first message is `hello`, seq 0 (the driver only enters its loop after it).
    first = ws.messages[0]
    assert first.get("event") == "hello", f"first message is not hello: {ws.messages!r}"
    assert first["seq"] == 0
    assert isinstance(first["data"]["connection_id"], str) and first["data"]["connection_id"]
    assert isinstance(first["data"]["server_version"], str) and first["data"]["server_version"]
    assert first["broadcast"]["user_id"] == alice_user["id"]

    post = bob.posts.create_post({"channel_id": room["id"], "message": f"ping from bob {RUN}"})
    ev = ws.wait_for_posted(post["id"])

    assert isinstance(ev["data"]["post"], str), "data.post must be a JSON string"
    got = _post_of(ev)
    assert got["id"] == post["id"]
    assert got["channel_id"] == room["id"]
    assert got["user_id"] == bob_user["id"]
    assert got["message"] == f"ping from bob {RUN}"
    assert got["create_at"] == post["create_at"]
    assert ev["broadcast"]["channel_id"] == room["id"]
    assert ev["data"]["channel_type"] == "O"
    assert ev["data"]["channel_name"] == room["name"]
    assert ev["data"]["channel_display_name"] == room["display_name"]
    assert ev["data"]["team_id"] == team_with_members["id"]
    assert ev["data"]["sender_name"] in (f"@{bob_user['username']}", bob_user["username"])

    # Events are numbered 0, 1, 2, ... with no gaps; replies carry seq_reply instead.
    seqs = [m["seq"] for m in ws.events()]
    assert seqs == list(range(len(seqs))), f"event seq not 0,1,2,...: {seqs}"
    for m in ws.messages:
        if "event" not in m:
            assert m.get("seq_reply") and "seq" not in m, f"not an event nor a reply: {m!r}"
            assert m.get("status") == "OK", f"action failed: {m!r}"

    # A reply in a thread arrives too.
    reply = bob.posts.create_post({"channel_id": room["id"], "message": "and a reply", "root_id": post["id"]})
    got = _post_of(ws.wait_for_posted(reply["id"], "posted event for a reply"))
    assert got["root_id"] == post["id"]


def test_private_channel_posts_reach_only_members(listen, ws_alice, alice_user, bob, bob_user,
                                                   admin, team_with_members):
    shared = _channel(admin, team_with_members, [alice_user, bob_user], "O")
    secret = _channel(admin, team_with_members, [bob_user], "P")  # alice is not a member
    alice_ws = listen(ws_alice)
    bob_ws = listen(bob)

    hidden = bob.posts.create_post({"channel_id": secret["id"], "message": f"for members only {RUN}"})
    # Bob (a member) gets it...
    ev = bob_ws.wait_for_posted(hidden["id"])
    assert ev["data"]["channel_type"] == "P"
    assert ev["broadcast"]["channel_id"] == secret["id"]

    # ... alice does not: wait until a later post in a shared channel has reached her,
    # then a little longer, and look at everything she got.
    marker = bob.posts.create_post({"channel_id": shared["id"], "message": "after the secret"})
    alice_ws.wait_for_posted(marker["id"])
    time.sleep(QUIET_WINDOW)
    leaked = [m for m in alice_ws.messages
              if secret["id"] in json.dumps(m) or hidden["message"] in json.dumps(m)]
    assert leaked == [], f"a non-member received events of a private channel: {leaked!r}"


def test_stop_ends_the_websocket_loop(ws_alice):
    """disconnect() + cancel brings the driver's loop down promptly: pytest can exit."""
    ws = Listener(ws_alice).start()
    ws.wait_for(lambda m: m.get("event") == "hello", "hello event")
    t0 = time.monotonic()
    ws.stop()
    assert time.monotonic() - t0 < 5
    assert ws.error is None, f"websocket loop failed: {ws.error!r}"

