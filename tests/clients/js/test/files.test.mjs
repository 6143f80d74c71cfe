// Files as a web or bot developer handles them with the official Mattermost JS client
// (Client4): uploadFile with a FormData, posts carrying file_ids, the file, thumbnail and
// preview URLs fetched with the session token, getFileInfosForPost and public links,
// checked against Stoa. Run by scripts/test-clients.sh with STOA_URL set.
import assert from 'node:assert/strict';
import {deflateSync} from 'node:zlib';
import {before, describe, test} from 'node:test';

import {
    ADMIN_PASSWORD, ADMIN_USERNAME, ClientError, ID, RUN, STOA_URL, USER_PASSWORD,
    bootstrapAdmin, loggedIn, newId,
} from '../lib/stoa.mjs';

/** Asserts that `promise` rejects with Client4's ClientError carrying `status` (and `id`). */
async function rejectsWith(promise, status, id) {
    await assert.rejects(promise, (e) => {
        assert.ok(e instanceof ClientError, `expected a ClientError, got ${e}`);
        assert.equal(e.status_code, status, `status_code of ${e.url}: ${e.message}`);
        if (id) {
            assert.equal(e.server_error_id, id);
        }
        return true;
    });
}

const CRC_TABLE = Array.from({length: 256}, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) {
        c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    }
    return c >>> 0;
});

function crc32(buf) {
    let c = 0xffffffff;
    for (const b of buf) {
        c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
    }
    return (c ^ 0xffffffff) >>> 0;
}

/** A truecolour PNG (a gradient with a diagonal stripe), encoded by hand. */
function png(width, height) {
    const chunk = (kind, data) => {
        const head = Buffer.alloc(4);
        head.writeUInt32BE(data.length);
        const body = Buffer.concat([Buffer.from(kind, 'latin1'), data]);
        const crc = Buffer.alloc(4);
        crc.writeUInt32BE(crc32(body));
        return Buffer.concat([head, body, crc]);
    };
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(width, 0);
    ihdr.writeUInt32BE(height, 4);
    ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
    const rows = Buffer.alloc(height * (1 + (width * 3)));
    let i = 0;
    for (let y = 0; y < height; y++) {
        rows[i++] = 0; // filter: none
        for (let x = 0; x < width; x++) {
            const stripe = Math.abs(x - y) < 8;
            rows[i++] = stripe ? 255 : Math.floor((x * 255) / width);
            rows[i++] = stripe ? 255 : Math.floor((y * 255) / height);
            rows[i++] = stripe ? 255 : 160;
        }
    }
    return Buffer.concat([
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        chunk('IHDR', ihdr),
        chunk('IDAT', deflateSync(rows, {level: 9})),
        chunk('IEND', Buffer.alloc(0)),
    ]);
}

/** [width, height] from a JPEG's start-of-frame segment. */
function jpegSize(buf) {
    assert.deepEqual([...buf.subarray(0, 2)], [0xff, 0xd8], 'not a JPEG (no FF D8)');
    let i = 2;
    while (i + 4 <= buf.length) {
        if (buf[i] !== 0xff) {
            i += 1;
            continue;
        }
        const marker = buf[i + 1];
        if (marker === 0xff) {
            i += 1;
            continue;
        }
        if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
            i += 2;
            continue;
        }
        if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
            return [buf.readUInt16BE(i + 7), buf.readUInt16BE(i + 5)];
        }
        i += 2 + buf.readUInt16BE(i + 2);
    }
    throw new Error('JPEG without a start-of-frame segment');
}

const PNG = png(300, 200);
const TEXT = Buffer.from(`notes from an app ${RUN}\nsecond line: café ✓\n`);

/** A FormData as the webapp builds it: channel_id first, then each file's client id followed
 *  by the file (Mattermost's streaming parser wants a file's client id before the file). */
function formData(channelId, files) {
    const form = new FormData();
    form.append('channel_id', channelId);
    for (const {name, data, type, clientId} of files) {
        if (clientId) {
            form.append('client_ids', clientId);
        }
        form.append('files', new Blob([data], {type}), name);
    }
    return form;
}

/** GETs one of Client4's file URLs with the client's own headers (session token). */
async function fetchBytes(client, url) {
    const res = await fetch(url, client.getOptions({method: 'get'}));
    return {res, bytes: Buffer.from(await res.arrayBuffer())};
}

const fileIdsOf = (post) => (post.metadata?.files || []).map((f) => f.id);

describe('Client4 files against Stoa', () => {
    let admin;
    let ivan; let ivanClient; // uploads and posts
    let judy; let judyClient; // another member of the same channels
    let team;
    let rooms = 0;

    /** A fresh public channel with ivan and judy in it. */
    async function newRoom() {
        rooms += 1;
        const ch = await admin.createChannel({
            team_id: team.id, name: `js-files-${rooms}-${RUN}`, display_name: `JS Files ${rooms}`, type: 'O',
        });
        await admin.addToChannel(ivan.id, ch.id);
        await admin.addToChannel(judy.id, ch.id);
        return ch;
    }

    async function uploadOne(client, channel, name, data, type) {
        const res = await client.uploadFile(formData(channel.id, [{name, data, type}]));
        assert.equal(res.file_infos.length, 1, JSON.stringify(res));
        return res.file_infos[0];
    }

    /** The file as the request body, with `?channel_id=&filename=` (Client4 has no method for it). */
    const rawUpload = (client, channel, filename, data, clientId) => client.doFetch(
        `${client.getFilesRoute()}?channel_id=${channel.id}&filename=${encodeURIComponent(filename)}${clientId ? `&client_id=${clientId}` : ''}`,
        {method: 'post', body: data, headers: {'Content-Type': 'text/plain'}},
    );

    const postWith = (client, channel, message, fileIds) => client.createPost({channel_id: channel.id, message, file_ids: fileIds});

    before(async () => {
        await bootstrapAdmin();
        admin = await loggedIn(ADMIN_USERNAME, ADMIN_PASSWORD);
        const make = async (name) => {
            const username = `js-${name}-${RUN}`;
            return admin.createUser({username, email: `${username}@example.com`, password: USER_PASSWORD});
        };
        ivan = await make('ivan');
        judy = await make('judy');
        ivanClient = await loggedIn(ivan.username, USER_PASSWORD);
        judyClient = await loggedIn(judy.username, USER_PASSWORD);
        team = await admin.createTeam({name: `js-files-${RUN}`, display_name: `JS Files ${RUN}`, type: 'O'});
        await admin.addToTeam(team.id, ivan.id);
        await admin.addToTeam(team.id, judy.id);
    });

    test('uploadFile (FormData): file_infos and client_ids', async () => {
        const ch = await newRoom();
        const res = await ivanClient.uploadFile(formData(ch.id, [
            {name: 'notes.txt', data: TEXT, type: 'text/plain', clientId: `c1-${RUN}`},
            {name: 'gradient.png', data: PNG, type: 'image/png', clientId: `c2-${RUN}`},
        ]));
        assert.deepEqual(res.client_ids, [`c1-${RUN}`, `c2-${RUN}`]);
        const [text, image] = res.file_infos;
        for (const info of [text, image]) {
            assert.match(info.id, ID);
            assert.equal(info.user_id, ivan.id);
            assert.equal(info.channel_id, ch.id);
            assert.ok(info.create_at > 0);
            assert.equal(info.delete_at, 0);
            assert.ok(!info.post_id, 'a new upload is on no post');
            assert.ok(!('path' in info), 'storage path leaked');
        }
        assert.equal(text.name, 'notes.txt');
        assert.equal(text.extension, 'txt');
        assert.equal(text.size, TEXT.length);
        assert.match(text.mime_type, /^text\/plain/);
        assert.ok(!text.has_preview_image);

        assert.equal(image.name, 'gradient.png');
        assert.equal(image.extension, 'png');
        assert.equal(image.size, PNG.length);
        assert.equal(image.mime_type, 'image/png');
        assert.deepEqual([image.width, image.height], [300, 200]);
        assert.equal(image.has_preview_image, true);
        assert.deepEqual([...Buffer.from(image.mini_preview, 'base64').subarray(0, 2)], [0xff, 0xd8], 'mini_preview is not a JPEG');
    });

    test('a PNG on a post: getFileUrl round-trips it, thumbnail and preview are JPEGs', async () => {
        const ch = await newRoom();
        const info = await uploadOne(ivanClient, ch, 'picture.png', PNG, 'image/png');

        // Only the uploader may read a file that is on no post.
        const early = await fetchBytes(judyClient, judyClient.getFileUrl(info.id));
        assert.equal(early.res.status, 403);
        assert.ok(!early.bytes.equals(PNG));
        assert.ok((await fetchBytes(ivanClient, ivanClient.getFileUrl(info.id))).bytes.equals(PNG));

        const post = await postWith(ivanClient, ch, 'a picture', [info.id]);
        assert.deepEqual(post.file_ids, [info.id]);
        assert.deepEqual(fileIdsOf(post), [info.id]);
        const seen = await judyClient.getPost(post.id);
        assert.deepEqual(fileIdsOf(seen), [info.id]);
        const meta = seen.metadata.files[0];
        assert.equal(meta.post_id, post.id);
        assert.deepEqual([meta.width, meta.height, meta.has_preview_image], [300, 200, true]);

        const original = await fetchBytes(judyClient, judyClient.getFileUrl(info.id));
        assert.equal(original.res.status, 200);
        assert.equal(original.res.headers.get('content-type'), 'image/png');
        assert.match(original.res.headers.get('content-disposition'), /^inline/);
        assert.ok(original.bytes.equals(PNG), 'the PNG did not round-trip byte for byte');

        // ?download=1 forces an attachment.
        const download = await fetchBytes(judyClient, `${judyClient.getFileUrl(info.id)}?download=1`);
        assert.match(download.res.headers.get('content-disposition'), /^attachment/);
        assert.ok(download.bytes.equals(PNG));

        const thumb = await fetchBytes(judyClient, judyClient.getFileThumbnailUrl(info.id));
        assert.equal(thumb.res.status, 200);
        assert.equal(thumb.res.headers.get('content-type'), 'image/jpeg');
        assert.deepEqual([...thumb.bytes.subarray(0, 2)], [0xff, 0xd8], 'thumbnail is not a JPEG');
        assert.deepEqual(jpegSize(thumb.bytes), [150, 100]); // a wide image: 100 px high

        const preview = await fetchBytes(judyClient, judyClient.getFilePreviewUrl(info.id));
        assert.equal(preview.res.status, 200);
        assert.equal(preview.res.headers.get('content-type'), 'image/jpeg');
        assert.deepEqual(jpegSize(preview.bytes), [300, 200]); // under 1920 wide: kept

        // The timestamp variant of the URLs (a cache buster) works too.
        assert.ok((await fetchBytes(judyClient, judyClient.getFileUrl(info.id, post.update_at))).bytes.equals(PNG));
    });

    test('getFileInfosForPost, and a text file is always an attachment', async () => {
        const ch = await newRoom();
        const text = await uploadOne(ivanClient, ch, 'notes.txt', TEXT, 'text/plain');
        const image = await uploadOne(ivanClient, ch, 'pixel.png', PNG, 'image/png');
        const post = await postWith(ivanClient, ch, 'two files', [text.id, image.id]);

        const infos = await judyClient.getFileInfosForPost(post.id);
        assert.deepEqual(new Set(infos.map((f) => f.id)), new Set([text.id, image.id]));
        assert.ok(infos.every((f) => f.post_id === post.id && f.channel_id === ch.id));
        assert.equal(infos.find((f) => f.id === text.id).size, TEXT.length);

        const got = await fetchBytes(judyClient, judyClient.getFileUrl(text.id));
        assert.ok(got.bytes.equals(TEXT));
        assert.match(got.res.headers.get('content-type'), /^text\/plain/);
        assert.match(got.res.headers.get('content-disposition'), /^attachment/);
        assert.equal(got.res.headers.get('x-content-type-options'), 'nosniff');

        // No thumbnail for a text file: 400.
        const thumb = await fetchBytes(judyClient, judyClient.getFileThumbnailUrl(text.id));
        assert.equal(thumb.res.status, 400);
        assert.equal(JSON.parse(thumb.bytes).id, 'api.file.get_file_thumbnail.no_thumbnail.app_error');
    });

    test('raw-body upload (?channel_id=&filename=) through doFetch', async () => {
        const ch = await newRoom();
        const res = await rawUpload(ivanClient, ch, 'raw.txt', TEXT, RUN);
        assert.deepEqual(res.client_ids, [RUN]);
        const [info] = res.file_infos;
        assert.equal(info.name, 'raw.txt');
        assert.equal(info.size, TEXT.length);
        await postWith(ivanClient, ch, 'raw', [info.id]);
        assert.ok((await fetchBytes(judyClient, judyClient.getFileUrl(info.id))).bytes.equals(TEXT));
    });

    test('outside a private channel its files cannot be read or added to', async () => {
        const secret = await admin.createChannel({team_id: team.id, name: `js-files-secret-${RUN}`, display_name: 'Files Secret', type: 'P'});
        const info = await uploadOne(admin, secret, 'secret.png', PNG, 'image/png');
        const post = await postWith(admin, secret, 'for admins only', [info.id]);

        for (const url of [judyClient.getFileUrl(info.id), judyClient.getFileThumbnailUrl(info.id), judyClient.getFilePreviewUrl(info.id)]) {
            const r = await fetchBytes(judyClient, url);
            assert.equal(r.res.status, 403, url);
        }
        await rejectsWith(judyClient.getFileInfosForPost(post.id), 403);
        // Uploading there is refused too (as a raw body; uploadFile is the next test).
        await rejectsWith(rawUpload(judyClient, secret, 'x.txt', TEXT), 403);
    });

    // The server refuses after the channel_id part, then reads (and drops) the rest of the
    // body, so undici, still writing the FormData, reads the 403 rather than a broken pipe.
    test('an upload refused before its body is read still answers 403 to uploadFile', async () => {
        const secret = await admin.createChannel({team_id: team.id, name: `js-files-refused-${RUN}`, display_name: 'Refused', type: 'P'});
        for (let i = 0; i < 20; i++) {
            await rejectsWith(judyClient.uploadFile(formData(secret.id, [{name: 'x.txt', data: TEXT, type: 'text/plain'}])), 403);
        }
    });

    test('getFilePublicLink: off by default; once enabled the link needs no session', async () => {
        const ch = await newRoom();
        const image = await uploadOne(ivanClient, ch, 'shared.png', PNG, 'image/png');
        const loose = await uploadOne(ivanClient, ch, 'loose.txt', TEXT, 'text/plain');
        await postWith(ivanClient, ch, 'shareable', [image.id]);

        await rejectsWith(ivanClient.getFilePublicLink(image.id), 403, 'api.file.get_public_link.disabled.app_error');

        const saved = await admin.patchConfig({FileSettings: {EnablePublicLink: true}});
        assert.equal(saved.FileSettings.EnablePublicLink, true);
        try {
            await rejectsWith(ivanClient.getFilePublicLink(loose.id), 400, 'api.file.get_public_link.no_post.app_error');

            const {link} = await ivanClient.getFilePublicLink(image.id);
            assert.ok(link.startsWith(`${STOA_URL}/files/${image.id}/public?h=`), link);
            assert.equal((await judyClient.getFilePublicLink(image.id)).link, link);

            const anon = await fetch(link);
            assert.equal(anon.status, 200);
            assert.equal(anon.headers.get('content-type'), 'image/png');
            assert.ok(Buffer.from(await anon.arrayBuffer()).equals(PNG), 'public link did not serve the PNG');

            const tampered = await fetch(link.replace(/h=.*/, 'h=not-the-hash'), {redirect: 'manual'});
            assert.notEqual(tampered.status, 200);

            // Turned off, existing links stop working: 403.
            await admin.patchConfig({FileSettings: {EnablePublicLink: false}});
            assert.equal((await fetch(link)).status, 403);
        } finally {
            await admin.patchConfig({FileSettings: {EnablePublicLink: false}});
        }
        assert.equal((await admin.getConfig()).FileSettings.EnablePublicLink, false);
    });

    test('deleting the post deletes its files; unknown files are 404', async () => {
        const ch = await newRoom();
        const info = await uploadOne(ivanClient, ch, 'short-lived.txt', TEXT, 'text/plain');
        const post = await postWith(ivanClient, ch, 'soon gone', [info.id]);
        assert.equal((await fetchBytes(judyClient, judyClient.getFileUrl(info.id))).res.status, 200);
        await ivanClient.deletePost(post.id);
        assert.equal((await fetchBytes(judyClient, judyClient.getFileUrl(info.id))).res.status, 404);
        await rejectsWith(judyClient.getFileInfosForPost(post.id), 404);
        assert.equal((await fetchBytes(judyClient, judyClient.getFileUrl(newId()))).res.status, 404);
    });
});
