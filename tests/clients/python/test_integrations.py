"""Webhooks and slash commands as integration authors use them through `mattermostdriver`:
an incoming hook called with `call_webhook`, an outgoing hook and a custom command calling a
real HTTP server this test runs (Python's http.server on loopback), whose answers are posted."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest

from conftest import RUN


class Integration:
    """A loopback HTTP server that records what it receives and answers `reply` as JSON."""

    def __init__(self, reply):
        self.reply = reply
        self.received = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode()
                outer.received.append((self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                out = json.dumps(outer.reply).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def close(self):
        self.httpd.shutdown()


@pytest.fixture(scope="module")
def loopback(admin, server):
    """The site URL (custom commands need it) and loopback allowed for integrations."""
    admin.client.put("/config/patch", options={"ServiceSettings": {
        "SiteURL": server["url"], "AllowedUntrustedInternalConnections": "127.0.0.1"}})
    yield
    admin.client.put("/config/patch", options={"ServiceSettings": {
        "AllowedUntrustedInternalConnections": ""}})


def public_channel(admin, team, name, members):
    channel = admin.channels.create_channel({
        "team_id": team["id"], "name": f"py-{name}-{RUN}", "display_name": name, "type": "O"})
    for user in members:
        admin.channels.add_user(channel["id"], {"user_id": user["id"]})
    return channel


def newest(driver, channel_id):
    posts = driver.posts.get_posts_for_channel(channel_id)
    return posts["posts"][posts["order"][0]]


def wait_for(check, timeout=10):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out")


def test_an_incoming_webhook_posts_a_slack_payload(admin, team_with_members, alice, alice_user):
    channel = public_channel(admin, team_with_members, "ci", [alice_user])
    hook = admin.webhooks.create_incoming_hook({
        "channel_id": channel["id"], "display_name": "CI", "description": "builds"})
    assert admin.webhooks.get_incoming_hook(hook["id"])["display_name"] == "CI"
    listed = admin.webhooks.list_incoming_hooks(params={"team_id": team_with_members["id"]})
    assert hook["id"] in [h["id"] for h in listed]

    admin.webhooks.call_webhook(hook["id"], options={
        "text": "Build <https://ci.example/9|#9> passed",
        "attachments": [{"color": "good", "title": "api", "fields": [
            {"title": "took", "value": "2 min", "short": True}]}],
    })
    post = newest(alice, channel["id"])
    assert post["message"] == "Build [#9](https://ci.example/9) passed"
    assert post["props"]["from_webhook"] == "true"
    assert post["props"]["attachments"][0]["fields"][0]["value"] == "2 min"
    admin.client.delete(f"/hooks/incoming/{hook['id']}")


def test_an_outgoing_webhook_answers_in_the_thread(admin, loopback, team_with_members, alice, alice_user):
    channel = public_channel(admin, team_with_members, "ops", [alice_user])
    integration = Integration({"text": "deploying now", "response_type": "comment"})
    try:
        hook = admin.webhooks.create_outgoing_hook({
            "team_id": team_with_members["id"], "channel_id": channel["id"],
            "display_name": "Deployer", "trigger_words": ["deploy"],
            "callback_urls": [integration.url + "/out"], "content_type": "application/json"})
        root = alice.posts.create_post({"channel_id": channel["id"], "message": "deploy api"})
        path, headers, body = wait_for(lambda: integration.received and integration.received[0])
        assert path == "/out"
        sent = json.loads(body)
        assert sent["token"] == hook["token"]
        assert sent["trigger_word"] == "deploy"
        assert sent["post_id"] == root["id"]
        thread = wait_for(lambda: (lambda t: len(t["order"]) == 2 and t)(
            alice.posts.get_thread(root["id"])))
        reply = [p for p in thread["posts"].values() if p["id"] != root["id"]][0]
        assert reply["message"] == "deploying now"
        assert reply["root_id"] == root["id"]
    finally:
        integration.close()


def test_a_custom_slash_command_calls_its_url(admin, loopback, team_with_members, alice, alice_user):
    channel = public_channel(admin, team_with_members, "cmds", [alice_user])
    integration = Integration({"response_type": "in_channel", "text": "Weather: sunny"})
    try:
        command = admin.commands.create_command({
            "team_id": team_with_members["id"], "trigger": f"weather{RUN}",
            "url": integration.url + "/cmd", "method": "P",
            "auto_complete": True, "auto_complete_hint": "[city]"})
        assert len(command["token"]) == 26
        answer = alice.commands.execute_command({
            "channel_id": channel["id"], "command": f"/weather{RUN} Lisbon"})
        assert answer["text"] == "Weather: sunny"
        path, headers, body = integration.received[0]
        form = parse_qs(body)
        assert form["text"] == ["Lisbon"]
        assert form["token"] == [command["token"]]
        assert headers["authorization"] == f"Token {command['token']}"
        post = newest(alice, channel["id"])
        assert post["message"] == "Weather: sunny"
        assert post["user_id"] == alice_user["id"]
        # mattermostdriver 7.3 builds this path without its slash: the client makes the call.
        admin.client.delete(f"/commands/{command['id']}")
    finally:
        integration.close()
