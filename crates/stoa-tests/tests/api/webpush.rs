//! Web push against a real push service stand-in (a recording HTTP server on loopback): the test
//! plays the browser too, with its own P-256 key pair and auth secret, and decrypts what arrives
//! as a browser would (RFC 8291, written here from the RFC, independently of the server's code),
//! then checks the VAPID token (RFC 8292) against the server's published key.

use std::time::Duration;

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes128Gcm, Nonce};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use p256::ecdsa::signature::Verifier;
use p256::ecdsa::{Signature, VerifyingKey};
use p256::elliptic_curve::sec1::ToSec1Point;
use p256::{PublicKey, SecretKey};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use stoa_tests::messaging::{Room, say};
use stoa_tests::receiver::{Received, Receiver, Reply};
use stoa_tests::{ApiClient, Fixture, TestServer, TestUser, api_test};

api_test!(
    a_push_reaches_the_browser_encrypted_and_signed,
    a_mention_is_pushed_and_reading_elsewhere_clears_it,
    a_subscription_the_push_service_forgot_is_deleted,
    subscriptions_belong_to_their_session,
    bad_subscriptions_are_refused,
);

/// The browser's side of a subscription.
struct Browser {
    secret: SecretKey,
    public: Vec<u8>,
    auth: [u8; 16],
}

impl Browser {
    fn new() -> Browser {
        let seed = Sha256::digest(stoa_model::new_id().as_bytes());
        let secret = SecretKey::from_slice(&seed).expect("a scalar");
        let public = secret.public_key().to_sec1_point(false).as_bytes().to_vec();
        let mut auth = [0u8; 16];
        auth.copy_from_slice(&Sha256::digest(stoa_model::new_id().as_bytes())[..16]);
        Browser {
            secret,
            public,
            auth,
        }
    }

    /// `PushSubscription.toJSON()` for `endpoint`.
    fn subscription(&self, endpoint: &str) -> Value {
        json!({
            "endpoint": endpoint,
            "expirationTime": null,
            "keys": {"p256dh": B64.encode(&self.public), "auth": B64.encode(self.auth)},
        })
    }

    /// RFC 8291 section 3 and RFC 8188 section 2, receiving side: one record.
    fn decrypt(&self, body: &[u8]) -> Value {
        let (salt, rest) = body.split_at(16);
        let record_size = u32::from_be_bytes(rest[..4].try_into().expect("4 bytes"));
        let id_len = usize::from(rest[4]);
        assert_eq!(
            id_len, 65,
            "the key id is the sender's uncompressed public key"
        );
        let (as_public, sealed) = rest[5..].split_at(id_len);
        assert!(sealed.len() <= record_size as usize, "a single record");

        let as_key = PublicKey::from_sec1_bytes(as_public).expect("sender key");
        let shared =
            p256::ecdh::diffie_hellman(self.secret.to_nonzero_scalar(), as_key.as_affine());
        let mut key_info = b"WebPush: info\0".to_vec();
        key_info.extend_from_slice(&self.public);
        key_info.extend_from_slice(as_public);
        let mut ikm = [0u8; 32];
        hkdf::Hkdf::<Sha256>::new(Some(&self.auth), shared.raw_secret_bytes())
            .expand(&key_info, &mut ikm)
            .expect("ikm");
        let prk = hkdf::Hkdf::<Sha256>::new(Some(salt), &ikm);
        let (mut cek, mut nonce) = ([0u8; 16], [0u8; 12]);
        prk.expand(b"Content-Encoding: aes128gcm\0", &mut cek)
            .expect("cek");
        prk.expand(b"Content-Encoding: nonce\0", &mut nonce)
            .expect("nonce");
        let plain = Aes128Gcm::new_from_slice(&cek)
            .expect("key")
            .decrypt(&Nonce::from(nonce), sealed)
            .expect("the browser's keys open it");
        // Padding: zeros after the delimiter, which is 2 in the last record.
        let end = plain.iter().rposition(|&b| b != 0).expect("a delimiter");
        assert_eq!(plain[end], 2, "the last record's delimiter");
        serde_json::from_slice(&plain[..end]).expect("the payload is JSON")
    }
}

/// Pushes on (no push proxy: browsers need none), and the push service stand-ins on loopback let
/// through, as an admin would list an internal push service.
async fn pushes_on(admin: &TestUser) {
    admin
        .client
        .put(
            "/config/patch",
            json!({
                "EmailSettings": {"SendPushNotifications": true},
                "ServiceSettings": {"AllowedUntrustedInternalConnections": "127.0.0.1"},
            }),
        )
        .await
        .expect(200);
}

fn push_service_ok() -> Reply {
    Reply {
        status: 201,
        ..Reply::empty()
    }
}

fn status(code: u16) -> Reply {
    Reply {
        status: code,
        ..Reply::empty()
    }
}

async fn subscribe(client: &ApiClient, browser: &Browser, endpoint: &str) {
    client
        .post(
            "/notifications/webpush/subscription",
            browser.subscription(endpoint),
        )
        .await
        .expect(200);
}

async fn send_test(client: &ApiClient) {
    client
        .post("/notifications/webpush/test", json!({}))
        .await
        .expect(200);
}

/// Every request the push service gets within `wait`.
async fn drain(rx: &Receiver, wait: Duration) -> Vec<Received> {
    let mut out = Vec::new();
    while let Some(r) = rx.next(wait).await {
        out.push(r);
    }
    out
}

async fn a_push_reaches_the_browser_encrypted_and_signed(t: TestServer) {
    let admin = t.admin().await;
    pushes_on(&admin).await;
    let user = t.user(&admin, "pushed").await;
    let rx = Receiver::start(push_service_ok()).await;
    let key: Value = user
        .client
        .get("/notifications/webpush")
        .await
        .expect(200)
        .json();
    let server_key = B64
        .decode(key["public_key"].as_str().expect("public_key"))
        .expect("base64url");
    assert_eq!(server_key.len(), 65, "an uncompressed P-256 point");

    let browser = Browser::new();
    subscribe(&user.client, &browser, &rx.url("/wp/device-1")).await;
    send_test(&user.client).await;

    let req = rx.expect_request().await;
    assert_eq!(
        (req.method.as_str(), req.target.as_str()),
        ("POST", "/wp/device-1")
    );
    assert_eq!(req.header("TTL"), Some("86400"));
    assert_eq!(req.header("Content-Encoding"), Some("aes128gcm"));
    assert_eq!(req.header("Urgency"), Some("high"));
    // The push service sees ciphertext only.
    assert!(!req.body.windows(4).any(|w| w == b"test"));
    assert_eq!(
        browser.decrypt(&req.body),
        json!({
            "type": "test", "title": "Stoa", "body": "This is a test push notification",
            "tag": "test", "url": "/",
        })
    );

    // VAPID: `vapid t=<ES256 JWT>, k=<the key the browser subscribed with>`.
    let vapid = req
        .header("Authorization")
        .and_then(|h| h.strip_prefix("vapid t="))
        .expect("a VAPID authorization");
    let (token, k) = vapid.split_once(", k=").expect("k=");
    assert_eq!(B64.decode(k).expect("k"), server_key);
    let (signed, signature) = token.rsplit_once('.').expect("a signature");
    let (header, claims) = signed.split_once('.').expect("header.claims");
    let header: Value = serde_json::from_slice(&B64.decode(header).expect("b64")).expect("json");
    assert_eq!(header["alg"], "ES256");
    let claims: Value = serde_json::from_slice(&B64.decode(claims).expect("b64")).expect("json");
    assert_eq!(claims["aud"], rx.url(""), "the push service's origin");
    let now = stoa_model::now_ms() / 1000;
    let exp = claims["exp"].as_i64().expect("exp");
    assert!(
        exp > now && exp <= now + 24 * 3600,
        "valid for at most a day"
    );
    let verifying = VerifyingKey::from_sec1_bytes(&server_key).expect("key");
    let signature = Signature::from_slice(&B64.decode(signature).expect("b64")).expect("r||s");
    assert!(verifying.verify(signed.as_bytes(), &signature).is_ok());
}

async fn a_mention_is_pushed_and_reading_elsewhere_clears_it(t: TestServer) {
    let r = Room::new(&t).await;
    pushes_on(&r.admin).await;
    let rx = Receiver::start(push_service_ok()).await;
    let browser = Browser::new();
    subscribe(&r.bob.client, &browser, &rx.url("/wp/bob")).await;

    // Bob is not online (no socket): a mention reaches his browser, tagged by the channel and
    // opening the post's permalink.
    let post = say(
        &r.alice.client,
        &r.channel.id,
        &format!("@{} lunch?", r.bob.user.username),
    )
    .await;
    let got = rx.expect_request().await;
    assert_eq!(got.header("Topic"), Some(r.channel.id.as_str()));
    let push = browser.decrypt(&got.body);
    assert_eq!(push["type"], "message");
    assert_eq!(push["title"], r.channel.display_name);
    let body = push["body"].as_str().expect("a body");
    assert!(
        body.contains("lunch?"),
        "the message, as `full` allows: {body}"
    );
    assert_eq!(push["tag"], r.channel.id);
    assert_eq!(push["channel_id"], r.channel.id);
    assert_eq!(push["post_id"], post.id);
    assert_eq!(
        push["url"],
        format!("/{}/pl/{}", r.team.name, post.id),
        "the web app's permalink"
    );
    assert_eq!(push["badge"], 1);

    // Reading the channel elsewhere closes it in the browser.
    let view = json!({"channel_id": r.channel.id});
    r.bob
        .client
        .post("/channels/members/me/view", view.clone())
        .await
        .expect(200);
    let got = rx.expect_request().await;
    assert_eq!(got.header("Urgency"), Some("normal"));
    assert_eq!(
        browser.decrypt(&got.body),
        json!({"type": "clear", "tag": r.channel.id, "channel_id": r.channel.id})
    );

    // Nothing shown, nothing to clear: browsers count pushes that show nothing against the site.
    say(&r.alice.client, &r.channel.id, "no mention").await;
    r.bob
        .client
        .post("/channels/members/me/view", view)
        .await
        .expect(200);
    assert!(drain(&rx, Duration::from_secs(1)).await.is_empty());
}

async fn a_subscription_the_push_service_forgot_is_deleted(t: TestServer) {
    let admin = t.admin().await;
    pushes_on(&admin).await;
    let user = t.user(&admin, "gone").await;
    let rx = Receiver::start(status(503)).await;
    let browser = Browser::new();
    subscribe(&user.client, &browser, &rx.url("/wp/gone")).await;

    // A failing push service is tried again, a little later.
    send_test(&user.client).await;
    rx.expect_request().await;
    rx.answer(push_service_ok());
    let retried = rx.expect_request().await;
    assert_eq!(browser.decrypt(&retried.body)["type"], "test");

    // 410 Gone: the subscription is deleted, and no push goes there again.
    rx.answer(status(410));
    send_test(&user.client).await;
    rx.expect_request().await;
    let mut stopped = false;
    for _ in 0..10 {
        send_test(&user.client).await;
        if drain(&rx, Duration::from_millis(500)).await.is_empty() {
            stopped = true;
            break;
        }
    }
    assert!(stopped, "the gone subscription is not pushed to any more");
}

async fn subscriptions_belong_to_their_session(t: TestServer) {
    let admin = t.admin().await;
    pushes_on(&admin).await;
    let user = t.user(&admin, "twice").await;
    let laptop = t.login(&user.user.username, &user.password).await;
    let rx = Receiver::start(push_service_ok()).await;
    subscribe(&user.client, &Browser::new(), &rx.url("/wp/desktop")).await;
    subscribe(&laptop, &Browser::new(), &rx.url("/wp/laptop")).await;

    send_test(&user.client).await;
    let mut targets: Vec<String> = drain(&rx, Duration::from_secs(2))
        .await
        .into_iter()
        .map(|r| r.target)
        .collect();
    targets.sort();
    assert_eq!(
        targets,
        ["/wp/desktop", "/wp/laptop"],
        "every browser of the user"
    );

    // Signing out in a browser stops its pushes.
    laptop.post("/users/logout", json!({})).await.expect(200);
    send_test(&user.client).await;
    let targets: Vec<String> = drain(&rx, Duration::from_secs(1))
        .await
        .into_iter()
        .map(|r| r.target)
        .collect();
    assert_eq!(targets, ["/wp/desktop"]);

    // So does unsubscribing.
    user.client
        .delete("/notifications/webpush/subscription")
        .await
        .expect(200);
    send_test(&user.client).await;
    assert!(drain(&rx, Duration::from_secs(1)).await.is_empty());

    // A browser signed in as someone else takes its endpoint over: the previous user's pushes
    // stop going there.
    let other = t.user(&admin, "next").await;
    let shared = Browser::new();
    subscribe(&user.client, &shared, &rx.url("/wp/shared")).await;
    subscribe(&other.client, &shared, &rx.url("/wp/shared")).await;
    send_test(&user.client).await;
    assert!(drain(&rx, Duration::from_secs(1)).await.is_empty());
    send_test(&other.client).await;
    assert_eq!(rx.expect_request().await.target, "/wp/shared");
}

async fn bad_subscriptions_are_refused(t: TestServer) {
    let admin = t.admin().await;
    let user = t.user(&admin, "bad").await;
    // With pushes off there is nothing to test (as Mattermost's `POST /notifications/test`).
    user.client
        .post("/notifications/webpush/test", json!({}))
        .await
        .expect_error(501, "api.push_notification.disabled.app_error");
    let browser = Browser::new();
    let good = browser.subscription("https://push.example.com/wp/1");
    let bad = |f: &dyn Fn(&mut Value)| {
        let mut v = good.clone();
        f(&mut v);
        v
    };
    let cases = [
        // Plain http to a host the admin has not allowed.
        bad(&|v| v["endpoint"] = json!("http://push.example.com/wp/1")),
        bad(&|v| v["endpoint"] = json!("ftp://push.example.com/wp/1")),
        bad(&|v| v["endpoint"] = json!(format!("https://push.example.com/{}", "a".repeat(3000)))),
        bad(&|v| v["keys"]["p256dh"] = json!(B64.encode([4u8; 64]))),
        bad(&|v| v["keys"]["p256dh"] = json!(B64.encode([4u8; 65]))),
        bad(&|v| v["keys"]["auth"] = json!(B64.encode([1u8; 15]))),
        bad(&|v| v["keys"]["auth"] = json!("not base64!")),
        json!({"endpoint": "https://push.example.com/wp/1"}),
    ];
    for body in cases {
        user.client
            .post("/notifications/webpush/subscription", body)
            .await
            .expect_error(400, "api.context.invalid_body_param.app_error");
    }
    t.anon()
        .post("/notifications/webpush/subscription", good.clone())
        .await
        .expect(401);
    user.client
        .post("/notifications/webpush/subscription", good)
        .await
        .expect(200);
}
