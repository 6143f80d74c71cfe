"""Files as a bot author handles them with `mattermostdriver`: uploads (its multipart
`files.upload_file`), posts carrying `file_ids`, downloads, thumbnails, previews, file
infos and public links, checked against Stoa."""

import base64
import re
import struct
import time
import zlib

import pytest
import requests
from mattermostdriver.exceptions import (
    InvalidOrMissingParameters,
    NotEnoughPermissions,
    ResourceNotFound,
)

from conftest import RUN

ID = re.compile(r"^[a-z0-9]{26}$")

TEXT = f"notes from a bot {RUN}\nsecond line: caf\u00e9 \u2713\n".encode()


def png(width, height):
    """A truecolour PNG (a gradient with a diagonal stripe), encoded by hand: zlib + struct."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter: none
        for x in range(width):
            stripe = abs(x - y) < 8
            rows += bytes((255, 255, 255) if stripe else (x * 255 // width, y * 255 // height, 96))
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(bytes(rows), 9))
            + chunk(b"IEND", b""))


PNG = png(300, 200)


def jpeg_size(data):
    """(width, height) from a JPEG's start-of-frame segment."""
    assert data[:2] == b"\xff\xd8", f"not a JPEG: {data[:16]!r}"
    i = 2
    while i + 4 <= len(data):
        if data[i] != 0xFF:
            i += 1
            continue
        marker = data[i + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7 or marker == 0xFF:
            i += 1 if marker == 0xFF else 2
            continue
        length = struct.unpack(">H", data[i + 2:i + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[i + 5:i + 9])
            return width, height
        i += 2 + length
    raise AssertionError("JPEG without a start-of-frame segment")


_channels = 0


@pytest.fixture
def room(admin, team_with_members, alice_user, bob_user):
    """A fresh public channel (created by the admin) with alice and bob in it."""
    global _channels
    _channels += 1
    ch = admin.channels.create_channel({
        "team_id": team_with_members["id"], "name": f"py-files-{_channels}-{RUN}",
        "display_name": f"Py Files {_channels}", "type": "O",
    })
    for u in (alice_user, bob_user):
        admin.channels.add_user(ch["id"], {"user_id": u["id"]})
    return ch


def upload(driver, channel, name, data):
    """One file through mattermostdriver's multipart upload; returns its FileInfo."""
    res = driver.files.upload_file(channel["id"], {"files": (name, data)})
    assert isinstance(res, dict), f"upload response not parsed as JSON: {res!r}"
    assert len(res["file_infos"]) == 1, res
    return res["file_infos"][0]


def post_with(driver, channel, message, file_ids):
    time.sleep(0.002)
    return driver.posts.create_post({"channel_id": channel["id"], "message": message, "file_ids": file_ids})


def raw(response):
    """mattermostdriver hands back non-JSON bodies as the requests.Response itself."""
    assert isinstance(response, requests.Response), f"expected the raw response, got {response!r}"
    return response


def post_files(post):
    return (post.get("metadata") or {}).get("files") or []


# ------------------------------------------------------------------ upload ----

def test_upload_text_file_attach_and_read_back(alice, alice_user, bob, room):
    info = upload(alice, room, "notes.txt", TEXT)
    assert ID.match(info["id"])
    assert info["user_id"] == alice_user["id"]
    assert info["channel_id"] == room["id"]
    assert info["name"] == "notes.txt"
    assert info["extension"] == "txt"
    assert info["size"] == len(TEXT)
    assert info["mime_type"].startswith("text/plain")
    assert info["create_at"] > 0
    assert info["delete_at"] == 0
    assert not info.get("post_id")  # attached to nothing yet
    assert not info.get("has_preview_image")
    assert "path" not in info and "thumbnail_path" not in info  # never sent to clients

    # Until it is on a post only the uploader may read it.
    assert raw(alice.files.get_file(info["id"])).content == TEXT
    assert alice.files.get_file_metadata(info["id"])["id"] == info["id"]
    with pytest.raises(NotEnoughPermissions):
        bob.files.get_file(info["id"])
    with pytest.raises(NotEnoughPermissions):
        bob.files.get_file_metadata(info["id"])

    post = post_with(alice, room, "see attached", [info["id"]])
    assert post["file_ids"] == [info["id"]]
    assert [f["id"] for f in post_files(post)] == [info["id"]]

    # Another member of the channel now reads the post, its file and the file's info.
    got = bob.posts.get_post(post["id"])
    assert got["file_ids"] == [info["id"]]
    [meta] = post_files(got)
    assert meta["id"] == info["id"]
    assert meta["name"] == "notes.txt"
    assert meta["size"] == len(TEXT)
    assert meta["post_id"] == post["id"]

    r = raw(bob.files.get_file(info["id"]))
    assert r.content == TEXT
    assert r.headers["Content-Type"].startswith("text/plain")
    # Not a media type: always an attachment (as Mattermost's WriteFileResponse does).
    assert r.headers["Content-Disposition"].startswith("attachment")
    assert "notes.txt" in r.headers["Content-Disposition"]
    assert r.headers["X-Content-Type-Options"] == "nosniff"

    fetched = bob.files.get_file_metadata(info["id"])
    assert fetched["post_id"] == post["id"]
    assert fetched["size"] == len(TEXT)

    listed = bob.posts.get_file_info_for_post(post["id"])
    assert [f["id"] for f in listed] == [info["id"]]
    assert listed[0]["post_id"] == post["id"]

    # The channel's posts carry the files in their metadata too.
    page = bob.posts.get_posts_for_channel(room["id"])
    assert [f["id"] for f in post_files(page["posts"][post["id"]])] == [info["id"]]


def test_upload_png_has_dimensions_thumbnail_and_preview(alice, bob, room):
    info = upload(alice, room, "gradient.png", PNG)
    assert info["mime_type"] == "image/png"
    assert info["extension"] == "png"
    assert info["size"] == len(PNG)
    assert (info["width"], info["height"]) == (300, 200)
    assert info["has_preview_image"] is True
    mini = base64.b64decode(info["mini_preview"])
    assert mini[:2] == b"\xff\xd8", "mini_preview is not a JPEG"

    post = post_with(alice, room, "a picture", [info["id"]])
    [meta] = post_files(bob.posts.get_post(post["id"]))
    assert (meta["width"], meta["height"], meta["has_preview_image"]) == (300, 200, True)

    # The original, byte for byte; images are shown inline.
    r = raw(bob.files.get_file(info["id"]))
    assert r.content == PNG
    assert r.headers["Content-Type"] == "image/png"
    assert r.headers["Content-Disposition"].startswith("inline")

    # ?download=1 makes it an attachment (the driver's own client, with a query).
    r = raw(bob.client.get(f"/files/{info['id']}", params={"download": 1}))
    assert r.content == PNG
    assert r.headers["Content-Disposition"].startswith("attachment")

    # Thumbnail: a JPEG 100 px high for a wide image (Mattermost's 120x100 box).
    thumb = raw(bob.files.get_file_thumbnail(info["id"]))
    assert thumb.headers["Content-Type"] == "image/jpeg"
    assert jpeg_size(thumb.content) == (150, 100)

    # Preview: a JPEG at most 1920 wide, so this one keeps its size.
    preview = raw(bob.files.get_file_preview(info["id"]))
    assert preview.headers["Content-Type"] == "image/jpeg"
    assert jpeg_size(preview.content) == (300, 200)


def test_text_file_has_no_thumbnail_or_preview(alice, room):
    info = upload(alice, room, "plain.txt", TEXT)
    with pytest.raises(InvalidOrMissingParameters):  # 400 ...no_thumbnail.app_error
        alice.files.get_file_thumbnail(info["id"])
    with pytest.raises(InvalidOrMissingParameters):  # 400 ...no_preview.app_error
        alice.files.get_file_preview(info["id"])


def test_several_files_in_one_upload_with_client_ids(alice, bob, room):
    # requests puts the driver's `data` (channel_id) first, then these parts in order.
    res = alice.files.upload_file(room["id"], [
        ("client_ids", (None, f"c1-{RUN}")),
        ("files", ("first.txt", TEXT)),
        ("client_ids", (None, f"c2-{RUN}")),
        ("files", ("second.png", PNG)),
    ])
    assert res["client_ids"] == [f"c1-{RUN}", f"c2-{RUN}"]
    first, second = res["file_infos"]
    assert (first["name"], first["size"]) == ("first.txt", len(TEXT))
    assert (second["name"], second["size"], second["width"]) == ("second.png", len(PNG), 300)

    post = post_with(alice, room, "two files", [first["id"], second["id"]])
    assert sorted(post["file_ids"]) == sorted([first["id"], second["id"]])
    listed = bob.posts.get_file_info_for_post(post["id"])
    assert {f["id"] for f in listed} == {first["id"], second["id"]}
    assert raw(bob.files.get_file(first["id"])).content == TEXT
    assert raw(bob.files.get_file(second["id"])).content == PNG


# ------------------------------------------------------------- permissions ----

def test_only_channel_members_read_attached_files(admin, alice, bob, bob_user, team_with_members):
    secret = admin.channels.create_channel({
        "team_id": team_with_members["id"], "name": f"py-files-secret-{RUN}",
        "display_name": "Py Files Secret", "type": "P",
    })
    info = upload(admin, secret, "secret.txt", TEXT)
    post_with(admin, secret, "for admins only", [info["id"]])

    # bob is in the team but not in the private channel.
    for call in (bob.files.get_file, bob.files.get_file_metadata, bob.files.get_file_thumbnail):
        with pytest.raises(NotEnoughPermissions):
            call(info["id"])
    with pytest.raises(NotEnoughPermissions):
        bob.files.upload_file(secret["id"], {"files": ("sneaky.txt", b"let me in")})

    admin.channels.add_user(secret["id"], {"user_id": bob_user["id"]})
    assert raw(bob.files.get_file(info["id"])).content == TEXT


def test_someone_elses_upload_cannot_be_attached(alice, bob, room):
    # Mattermost attaches only the poster's own, unattached uploads to the post's channel.
    info = upload(alice, room, "mine.txt", TEXT)
    stolen = post_with(bob, room, "look what I found", [info["id"]])
    assert not stolen.get("file_ids")
    assert post_files(stolen) == []
    with pytest.raises(NotEnoughPermissions):  # still not on any post
        bob.files.get_file(info["id"])


def test_unknown_file_is_not_found(alice):
    with pytest.raises(ResourceNotFound):
        alice.files.get_file("a" * 26)
    with pytest.raises(ResourceNotFound):
        alice.files.get_file_metadata("a" * 26)


def test_files_of_a_deleted_post_are_gone(alice, bob, room):
    info = upload(alice, room, "ephemeral.txt", TEXT)
    post = post_with(alice, room, "soon gone", [info["id"]])
    assert raw(bob.files.get_file(info["id"])).content == TEXT
    alice.posts.delete_post(post["id"])
    with pytest.raises(ResourceNotFound):
        bob.files.get_file(info["id"])
    with pytest.raises(ResourceNotFound):
        alice.files.get_file_metadata(info["id"])


# ------------------------------------------------------------ public links ----

def _set_public_links(admin, enabled):
    """As an admin tool does with the driver: read the whole config, change it, write it back
    (PUT /config; the masked PublicLinkSalt must survive the round trip)."""
    config = admin.system.get_configuration()
    config["FileSettings"]["EnablePublicLink"] = enabled
    saved = admin.system.update_configuration(config)
    assert saved["FileSettings"]["EnablePublicLink"] is enabled


@pytest.fixture
def public_links(admin):
    _set_public_links(admin, True)
    yield
    _set_public_links(admin, False)


def test_public_link_is_disabled_by_default(alice, room):
    info = upload(alice, room, "private.png", PNG)
    post_with(alice, room, "no sharing", [info["id"]])
    with pytest.raises(NotEnoughPermissions):  # 403 api.file.get_public_link.disabled.app_error
        alice.files.get_public_file_link(info["id"])


def test_public_link_serves_the_file_anonymously(admin, alice, bob, room, server, public_links):
    info = upload(alice, room, "shared.png", PNG)
    other = upload(alice, room, "other.txt", TEXT)

    # Only files on a post get a link: 400 api.file.get_public_link.no_post.app_error.
    with pytest.raises(InvalidOrMissingParameters):
        alice.files.get_public_file_link(info["id"])

    post_with(alice, room, "shareable", [info["id"], other["id"]])
    link = alice.files.get_public_file_link(info["id"])["link"]
    assert re.match(rf"^{re.escape(server['url'])}/files/{info['id']}/public\?h=[A-Za-z0-9_-]+$", link), link
    # Any member who can read the file gets the same link.
    assert bob.files.get_public_file_link(info["id"])["link"] == link

    # Anyone, without a session.
    r = requests.get(link, timeout=15)
    assert r.status_code == 200
    assert r.content == PNG
    assert r.headers["Content-Type"] == "image/png"

    # The hash is bound to the file: another file's hash does not open this one.
    other_link = alice.files.get_public_file_link(other["id"])["link"]
    assert requests.get(other_link, timeout=15).content == TEXT
    forged = other_link.replace(other["id"], info["id"])
    r = requests.get(forged, timeout=15, allow_redirects=False)
    assert r.status_code != 200 and r.content != PNG
    r = requests.get(link.split("?")[0], timeout=15, allow_redirects=False)  # no hash at all
    assert r.status_code != 200 and r.content != PNG

    # Turning public links off again closes existing links: 403.
    _set_public_links(admin, False)
    assert requests.get(link, timeout=15).status_code == 403
    _set_public_links(admin, True)
    assert requests.get(link, timeout=15).content == PNG  # same salt, same link
