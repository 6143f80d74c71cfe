"""Messaging as a bot author does it with `mattermostdriver`: posts, threads, edits,
reactions, pins, unread counts and deletion, checked against Stoa."""

import re
import time
import uuid

import pytest
from mattermostdriver.exceptions import NotEnoughPermissions, ResourceNotFound

from conftest import RUN

ID = re.compile(r"^[a-z0-9]{26}$")

_channels = 0


@pytest.fixture
def room(admin, team_with_members, alice_user, bob_user):
    """A fresh public channel (created by the admin) with alice and bob in it."""
    global _channels
    _channels += 1
    ch = admin.channels.create_channel({
        "team_id": team_with_members["id"], "name": f"py-msg-{_channels}-{RUN}",
        "display_name": f"Py Messaging {_channels}", "type": "O",
    })
    for u in (alice_user, bob_user):
        admin.channels.add_user(ch["id"], {"user_id": u["id"]})
    return ch


def say(driver, channel, message, root=None):
    # create_at is the server's wall clock in ms: keep consecutive posts apart so
    # "newest first" is well defined.
    time.sleep(0.002)
    post = {"channel_id": channel["id"], "message": message}
    if root is not None:
        post["root_id"] = root["id"]
    return driver.posts.create_post(post)


def user_posts(post_list):
    """The posts of a PostList in its order, without system messages (joins etc.)."""
    return [post_list["posts"][i] for i in post_list["order"]
            if not post_list["posts"][i].get("type", "").startswith("system_")]


def messages(post_list):
    return [p["message"] for p in user_posts(post_list)]


def reactions_of(post):
    return {(r["user_id"], r["emoji_name"]) for r in (post.get("metadata") or {}).get("reactions") or []}


# ------------------------------------------------------------------- posts ----

def test_create_and_get_post(alice, alice_user, bob, room):
    post = say(alice, room, "hello from a bot")
    assert isinstance(post, dict), f"create_post not parsed as JSON: {post!r}"
    assert ID.match(post["id"])
    assert post["channel_id"] == room["id"]
    assert post["user_id"] == alice_user["id"]
    assert post["message"] == "hello from a bot"
    assert post["root_id"] == ""
    assert post["create_at"] > 0
    assert post["edit_at"] == 0
    assert post["delete_at"] == 0
    assert post.get("is_pinned") is False

    # Any channel member reads it back.
    got = bob.posts.get_post(post["id"])
    assert got["id"] == post["id"]
    assert got["message"] == "hello from a bot"
    assert got["user_id"] == alice_user["id"]
    assert got["create_at"] == post["create_at"]


def test_posts_for_channel_are_newest_first(alice, bob, room):
    m1 = say(alice, room, "one")
    m2 = say(bob, room, "two")
    m3 = say(alice, room, "three")

    page = alice.posts.get_posts_for_channel(room["id"])
    assert {"order", "posts", "next_post_id", "prev_post_id"} <= set(page)
    assert [p["id"] for p in user_posts(page)] == [m3["id"], m2["id"], m1["id"]]
    assert messages(page) == ["three", "two", "one"]
    assert set(page["order"]) <= set(page["posts"])
    assert page["next_post_id"] == ""  # nothing newer
    assert page["prev_post_id"] == ""  # everything fit on the page

    # Paging: the first page of two, and the cursor to the older posts.
    first = alice.posts.get_posts_for_channel(room["id"], params={"page": 0, "per_page": 2})
    assert first["order"] == [m3["id"], m2["id"]]
    assert first["next_post_id"] == ""
    assert first["prev_post_id"] == m1["id"]
    second = alice.posts.get_posts_for_channel(room["id"], params={"page": 1, "per_page": 2})
    assert second["order"][0] == m1["id"]


def test_unknown_post_is_not_found(alice):
    with pytest.raises(ResourceNotFound):  # 404
        alice.posts.get_post("a" * 26)


# ----------------------------------------------------------------- threads ----

def test_replies_form_a_thread(alice, bob, bob_user, room):
    root = say(alice, room, "root")
    r1 = say(bob, room, "first reply", root=root)
    r2 = say(alice, room, "second reply", root=root)
    assert r1["root_id"] == root["id"]
    assert r1["user_id"] == bob_user["id"]
    assert r2["root_id"] == root["id"]

    assert alice.posts.get_post(root["id"])["reply_count"] == 2

    thread = bob.posts.get_thread(root["id"])
    assert sorted(thread["order"]) == sorted([root["id"], r1["id"], r2["id"]])
    assert set(thread["posts"]) == {root["id"], r1["id"], r2["id"]}
    assert thread["posts"][root["id"]]["reply_count"] == 2
    assert thread["posts"][r1["id"]]["message"] == "first reply"
    assert all(thread["posts"][r["id"]]["root_id"] == root["id"] for r in (r1, r2))

    # A reply's thread is the same thread.
    assert set(bob.posts.get_thread(r1["id"])["posts"]) == set(thread["posts"])

    # Without collapsed threads the channel lists replies too, newest first.
    assert messages(alice.posts.get_posts_for_channel(room["id"])) == ["second reply", "first reply", "root"]


def test_thread_order_starts_with_the_requested_post(alice, bob, room):
    # Mattermost's GET /posts/{id}/thread puts the requested post first in `order`
    # (SqlPostStore.Get adds it before the rest of the thread).
    root = say(alice, room, "root")
    r1 = say(bob, room, "r1", root=root)
    r2 = say(alice, room, "r2", root=root)
    assert bob.posts.get_thread(root["id"])["order"][0] == root["id"]
    assert bob.posts.get_thread(r1["id"])["order"][0] == r1["id"]
    assert len(bob.posts.get_thread(r2["id"])["order"]) == 3


# ----------------------------------------------------------------- editing ----

def test_patch_and_update_post(alice, bob, room):
    post = say(alice, room, "first draft")
    patched = alice.posts.patch_post(post["id"], {"message": "second draft"})
    assert patched["id"] == post["id"]
    assert patched["message"] == "second draft"
    assert patched["edit_at"] > 0
    assert patched["update_at"] >= post["update_at"]

    got = bob.posts.get_post(post["id"])
    assert got["message"] == "second draft"
    assert got["edit_at"] == patched["edit_at"]

    updated = alice.posts.update_post(post["id"], {"id": post["id"], "message": "final"})
    assert updated["message"] == "final"
    assert updated["edit_at"] >= patched["edit_at"]
    assert bob.posts.get_post(post["id"])["message"] == "final"

    # Someone else's post: 403.
    with pytest.raises(NotEnoughPermissions):
        bob.posts.patch_post(post["id"], {"message": "hijacked"})
    assert alice.posts.get_post(post["id"])["message"] == "final"


# --------------------------------------------------------------- reactions ----

def test_reactions(alice, alice_user, bob, bob_user, room):
    post = say(bob, room, "react to me")

    r = alice.reactions.create_reaction({"user_id": alice_user["id"], "post_id": post["id"], "emoji_name": "+1"})
    assert r["user_id"] == alice_user["id"]
    assert r["post_id"] == post["id"]
    assert r["emoji_name"] == "+1"
    assert r["create_at"] > 0
    bob.reactions.create_reaction({"user_id": bob_user["id"], "post_id": post["id"], "emoji_name": "smile"})

    # A post carries its reactions in metadata.
    got = alice.posts.get_post(post["id"])
    assert got.get("has_reactions") is True
    assert reactions_of(got) == {(alice_user["id"], "+1"), (bob_user["id"], "smile")}

    alice.reactions.delete_reaction(alice_user["id"], post["id"], "+1")
    assert reactions_of(alice.posts.get_post(post["id"])) == {(bob_user["id"], "smile")}

    # Nobody may react or un-react on someone else's behalf.
    with pytest.raises(NotEnoughPermissions):
        alice.reactions.create_reaction({"user_id": bob_user["id"], "post_id": post["id"], "emoji_name": "tada"})
    with pytest.raises(NotEnoughPermissions):
        alice.reactions.delete_reaction(bob_user["id"], post["id"], "smile")

    bob.reactions.delete_reaction(bob_user["id"], post["id"], "smile")
    got = alice.posts.get_post(post["id"])
    assert not got.get("has_reactions")  # `has_reactions` is omitempty in Mattermost
    assert reactions_of(got) == set()


def test_get_reactions_of_post(alice, alice_user, bob, bob_user, room):
    # mattermostdriver 7.3.2 builds this URL as /posts/{id}//reactions (note the //).
    # Mattermost's router (gorilla/mux, path cleaning on) answers 301 to
    # /posts/{id}/reactions and requests follows it, so bots using it work there.
    post = say(bob, room, "count my reactions")
    alice.reactions.create_reaction({"user_id": alice_user["id"], "post_id": post["id"], "emoji_name": "+1"})
    bob.reactions.create_reaction({"user_id": bob_user["id"], "post_id": post["id"], "emoji_name": "smile"})

    listed = bob.reactions.get_reactions_of_post(post["id"])
    assert isinstance(listed, list), f"reactions not parsed as JSON: {listed!r}"
    assert {(x["user_id"], x["post_id"], x["emoji_name"]) for x in listed} == {
        (alice_user["id"], post["id"], "+1"), (bob_user["id"], post["id"], "smile")}

    alice.reactions.delete_reaction(alice_user["id"], post["id"], "+1")
    bob.reactions.delete_reaction(bob_user["id"], post["id"], "smile")
    assert alice.reactions.get_reactions_of_post(post["id"]) == []


# -------------------------------------------------------------------- pins ----

def test_pin_and_unpin(alice, bob, room):
    keep = say(alice, room, "important")
    other = say(bob, room, "chatter")

    alice.posts.pin_post_to_channel(keep["id"])
    assert bob.posts.get_post(keep["id"])["is_pinned"] is True
    assert bob.posts.get_post(other["id"])["is_pinned"] is False

    pinned = bob.channels.get_channel_pinned_posts(room["id"])
    assert {"order", "posts"} <= set(pinned)
    assert pinned["order"] == [keep["id"]]
    assert pinned["posts"][keep["id"]]["message"] == "important"

    bob.posts.unpin_post_to_channel(keep["id"])
    assert alice.posts.get_post(keep["id"])["is_pinned"] is False
    assert alice.channels.get_channel_pinned_posts(room["id"])["order"] == []


# ----------------------------------------------------------------- unreads ----

def _read_everything(driver, team_id):
    for ch in driver.channels.get_channels_for_user("me", team_id):
        driver.channels.view_channel("me", {"channel_id": ch["id"]})


def test_unread_counts_and_view_channel(alice, alice_user, bob, team_with_members, room):
    team_id = team_with_members["id"]
    _read_everything(alice, team_id)
    unread = alice.channels.get_unread_messages("me", room["id"])
    assert unread["channel_id"] == room["id"]
    assert unread["team_id"] == team_id
    assert (unread["msg_count"], unread["mention_count"]) == (0, 0)

    say(bob, room, "just chatting")
    say(bob, room, f"@{alice_user['username']} can you look at this?")

    unread = alice.channels.get_unread_messages("me", room["id"])
    assert (unread["msg_count"], unread["mention_count"]) == (2, 1)
    assert alice.channels.get_channel_member(room["id"], "me")["mention_count"] == 1

    mine = {t["team_id"]: t for t in alice.teams.get_team_unreads_for_user("me")}
    assert (mine[team_id]["msg_count"], mine[team_id]["mention_count"]) == (2, 1)
    team = alice.teams.get_unreads_for_team("me", team_id)
    assert (team["msg_count"], team["mention_count"]) == (2, 1)

    # The sender has nothing unread from their own messages.
    mine_bob = bob.channels.get_unread_messages("me", room["id"])
    assert (mine_bob["msg_count"], mine_bob["mention_count"]) == (0, 0)

    viewed = alice.channels.view_channel("me", {"channel_id": room["id"]})
    assert viewed["status"] == "OK"

    unread = alice.channels.get_unread_messages("me", room["id"])
    assert (unread["msg_count"], unread["mention_count"]) == (0, 0)
    mine = {t["team_id"]: t for t in alice.teams.get_team_unreads_for_user("me")}
    assert (mine[team_id]["msg_count"], mine[team_id]["mention_count"]) == (0, 0)


# ---------------------------------------------------------------- deleting ----

def test_delete_post(alice, bob, room):
    root = say(alice, room, "regrettable")
    reply = say(bob, room, "indeed", root=root)
    keep = say(bob, room, "unrelated")

    # Not your post: 403, and it is still there.
    with pytest.raises(NotEnoughPermissions):
        bob.posts.delete_post(root["id"])
    assert alice.posts.get_post(root["id"])["message"] == "regrettable"

    assert alice.posts.delete_post(root["id"])["status"] == "OK"
    with pytest.raises(ResourceNotFound):  # 404
        bob.posts.get_post(root["id"])
    # Deleting a root deletes its replies.
    with pytest.raises(ResourceNotFound):
        bob.posts.get_post(reply["id"])

    left = bob.posts.get_posts_for_channel(room["id"])
    assert [p["id"] for p in user_posts(left)] == [keep["id"]]


# ------------------------------------------------------------------ search ----

def test_search_posts_with_modifiers(alice, alice_user, bob, bob_user, room, team_with_members):
    # A word of this test's own (RUN is also in the usernames that other posts mention).
    tag = "zq" + uuid.uuid4().hex[:10]
    say(alice, room, f"deployed build {tag} to staging")
    say(bob, room, f"deploying {tag} to production")
    say(bob, room, f"release notes for {tag} are ready")
    team = team_with_members["id"]

    def found(terms, **extra):
        res = alice.posts.search_for_team_posts(team, {"terms": terms, "is_or_search": False, **extra})
        assert isinstance(res, dict) and "matches" in res, res
        return [res["posts"][i]["message"] for i in res["order"]]

    assert found(f"deploy {tag}") == [f"deploying {tag} to production", f"deployed build {tag} to staging"]
    assert found(f"{tag} from:{alice_user['username']}") == [f"deployed build {tag} to staging"]
    assert found(f"{tag} -staging -production") == [f"release notes for {tag} are ready"]
    assert found(f'"release notes" {tag} in:{room["name"]}') == [f"release notes for {tag} are ready"]
    assert found(f"{tag} from:nobody-at-all") == []
