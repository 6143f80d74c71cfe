"""Bots and personal access tokens as integrations use them: `mattermostdriver` makes a bot
and a token and signs in with the token; a real `mmpy_bot` bot runs on a bot token and
answers a message."""

import os
import subprocess
import sys
import time

import pytest
from mattermostdriver import Driver
from mattermostdriver.exceptions import NoAccessTokenProvided

from conftest import RUN, driver_options

HERE = os.path.dirname(os.path.abspath(__file__))


def patch_config(admin, service_settings):
    admin.client.put("/config/patch", options={"ServiceSettings": service_settings})


@pytest.fixture(scope="module")
def integrations(admin):
    """Bot accounts and personal access tokens switched on (both are off by default)."""
    patch_config(admin, {"EnableBotAccountCreation": True, "EnableUserAccessTokens": True})
    yield
    patch_config(admin, {"EnableBotAccountCreation": False, "EnableUserAccessTokens": False})


def token_driver(token):
    d = Driver({**driver_options(), "token": token})
    d.login()  # with a token, login() only reads /users/me
    return d


def bot_in_channel(admin, team, name):
    """A bot (made by the admin), in the team and a fresh public channel, with a token."""
    # mattermostdriver 7 has no `bots` endpoint class: its client makes the call.
    bot = admin.client.post("/bots", options={"username": f"py-{name}-{RUN}",
                                              "display_name": name.title(),
                                              "description": f"the {name} bot"})
    admin.teams.add_user_to_team(team["id"], {"team_id": team["id"], "user_id": bot["user_id"]})
    channel = admin.channels.create_channel({
        "team_id": team["id"], "name": f"py-{name}-{RUN}", "display_name": name.title(), "type": "O",
    })
    admin.channels.add_user(channel["id"], {"user_id": bot["user_id"]})
    token = admin.users.create_user_access_token(bot["user_id"], {"description": f"{name} token"})
    return bot, channel, token


def test_driver_makes_a_bot_and_a_token_and_posts_with_it(admin, integrations, team_with_members):
    bot, channel, token = bot_in_channel(admin, team_with_members, "poster")
    assert bot["owner_id"] == admin.client.userid
    assert bot["display_name"] == "Poster"
    assert len(token["token"]) == 26
    listed = admin.client.get(f"/users/{bot['user_id']}/tokens")
    assert [t["id"] for t in listed] == [token["id"]]
    assert "token" not in listed[0], "the secret is shown once"

    as_bot = token_driver(token["token"])
    me = as_bot.users.get_user("me")
    assert me["id"] == bot["user_id"]
    assert me["is_bot"] is True
    post = as_bot.posts.create_post({"channel_id": channel["id"], "message": "hello from a token"})
    assert post["user_id"] == bot["user_id"]
    seen = admin.posts.get_posts_for_channel(channel["id"])
    assert seen["posts"][post["id"]]["message"] == "hello from a token"

    # Revoked, the token no longer signs in.
    admin.client.post("/users/tokens/revoke", options={"token_id": token["id"]})
    with pytest.raises(NoAccessTokenProvided):
        as_bot.users.get_user("me")


def test_a_personal_token_works_like_a_password_login(admin, integrations, alice_user):
    token = admin.users.create_user_access_token(alice_user["id"], {"description": "alice's script"})
    as_alice = token_driver(token["token"])
    assert as_alice.users.get_user("me")["id"] == alice_user["id"]
    admin.users.disable_personal_access_token({"token_id": token["id"]})
    with pytest.raises(NoAccessTokenProvided):
        as_alice.users.get_user("me")
    admin.users.enable_personal_access_token({"token_id": token["id"]})
    assert as_alice.users.get_user("me")["id"] == alice_user["id"]


def test_mmpy_bot_answers_on_a_bot_token(admin, integrations, team_with_members, alice, alice_user, server):
    bot, channel, token = bot_in_channel(admin, team_with_members, "echo")
    admin.channels.add_user(channel["id"], {"user_id": alice_user["id"]})
    proc = subprocess.Popen(
        [sys.executable, os.path.join(HERE, "echo_bot.py"),
         f"{server['scheme']}://{server['host']}", str(server["port"]), token["token"],
         team_with_members["name"]],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        # The bot's socket may not be up yet: ask until it answers.
        deadline = time.time() + 30
        answer = None
        n = 0
        while answer is None and time.time() < deadline:
            n += 1
            asked = alice.posts.create_post({"channel_id": channel["id"], "message": f"ping {n}"})
            for _ in range(20):
                time.sleep(0.1)
                thread = alice.posts.get_thread(asked["id"])
                replies = [p for p in thread["posts"].values()
                           if p["user_id"] == bot["user_id"] and p["root_id"] == asked["id"]]
                if replies:
                    answer = replies[0]
                    break
            assert proc.poll() is None, "the bot stopped"
        assert answer is not None, "the bot never answered"
        assert answer["message"] == f"pong {n}"
    finally:
        proc.terminate()
        try:
            out, _ = proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
        if answer is None:
            print(out)
