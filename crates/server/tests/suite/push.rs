//! Web Push end to end as far as this machine allows (issue 23): a push service that the
//! test runs on loopback over HTTPS (its own certificate, trusted through `--push-ca`, as a
//! town's TLS-inspecting proxy would be) takes the server's pushes; the test decrypts each
//! with the subscription's private key and auth secret (RFC 8291), as the browser would,
//! and checks the VAPID signature's key is the one the pages give the browser. A push
//! service that answers 410 ends the request: the subscription is erased. Chromium's own
//! push service (FCM) is not reachable here; the service worker's side is the end-to-end
//! test's.

#![allow(
    clippy::unwrap_used,
    missing_docs,
    reason = "tests stop on any failure"
)]

use crate::common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use common::public::{call, json_body, staff_cookie, PUBLIC};
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;
use mitreden_server::AppState;
use p256::ecdsa::signature::Verifier as _;
use p256::ecdsa::{Signature, VerifyingKey};
use p256::elliptic_curve::sec1::ToEncodedPoint as _;
use p256::SecretKey;
use serde_json::{json, Value};
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::ServerConfig;
use web_push_native::Auth;

const COMMENT: &str = "0b7e3c1a-5f2d-4c8e-9a6b-1d2e3f4a5b6c";
const RECEIPT: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa0123456789abcdef0123456789abcdef";

/// What the push service received: each request's headers and body.
type Received = Arc<Mutex<Vec<(HeaderMap, Bytes)>>>;

/// A push service on `https://localhost:port`: a subscription whose path says `gone` is
/// one the browser dropped (410), any other takes the push (201).
struct PushService {
    port: u16,
    received: Received,
}

impl PushService {
    /// Starts it; its certificate is written to `ca` (PEM) for `--push-ca`.
    async fn start(ca: &std::path::Path) -> Self {
        let made = rcgen::generate_simple_self_signed(vec!["localhost".into()]).unwrap();
        std::fs::write(ca, made.cert.pem()).unwrap();
        let config = ServerConfig::builder()
            .with_no_client_auth()
            .with_single_cert(
                vec![CertificateDer::from(made.cert.der().to_vec())],
                PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(made.key_pair.serialize_der())),
            )
            .unwrap();
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let received: Received = Arc::default();
        let seen = received.clone();
        tokio::spawn(async move {
            loop {
                let Ok((tcp, _)) = listener.accept().await else {
                    return;
                };
                let (acceptor, seen) = (acceptor.clone(), seen.clone());
                tokio::spawn(async move {
                    let Ok(tls) = acceptor.accept(tcp).await else {
                        return;
                    };
                    let service = hyper::service::service_fn(
                        move |req: hyper::Request<hyper::body::Incoming>| {
                            let seen = seen.clone();
                            async move {
                                let (mut parts, body) = req.into_parts();
                                let bytes = body.collect().await?.to_bytes();
                                let gone = parts.uri.path().contains("gone");
                                parts
                                    .headers
                                    .insert("x-path", parts.uri.path().parse().unwrap());
                                seen.lock().unwrap().push((parts.headers, bytes));
                                let mut res = hyper::Response::new(Full::new(Bytes::new()));
                                *res.status_mut() = if gone {
                                    StatusCode::GONE
                                } else {
                                    StatusCode::CREATED
                                };
                                Ok::<_, hyper::Error>(res)
                            }
                        },
                    );
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(tls), service)
                        .await;
                });
            }
        });
        Self { port, received }
    }

    /// Waits until `n` pushes came.
    async fn wait_for(&self, n: usize) -> Vec<(HeaderMap, Bytes)> {
        let started = Instant::now();
        loop {
            let got = self.received.lock().unwrap().clone();
            if got.len() >= n {
                return got;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "{} of {n} pushes came",
                got.len()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

/// A browser's subscription: its private key and auth secret, and what it hands over.
struct Browser {
    secret: SecretKey,
    auth: [u8; 16],
    subscription: Value,
}

impl Browser {
    fn new(endpoint: &str) -> Self {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).unwrap();
        let secret = SecretKey::from_slice(&bytes).unwrap();
        let mut auth = [0u8; 16];
        getrandom::fill(&mut auth).unwrap();
        let public = secret.public_key().to_encoded_point(false);
        let subscription = json!({
            "endpoint": endpoint,
            "p256dh": URL_SAFE_NO_PAD.encode(public.as_bytes()),
            "auth": URL_SAFE_NO_PAD.encode(auth),
        });
        Self {
            secret,
            auth,
            subscription,
        }
    }

    /// The push's message, decrypted as the browser does.
    fn read(&self, body: &Bytes) -> Value {
        let plain = web_push_native::decrypt(
            body.to_vec(),
            &self.secret,
            &Auth::clone_from_slice(&self.auth),
        )
        .unwrap();
        serde_json::from_slice(&plain).unwrap()
    }
}

/// The server with push (its public address known, the push service's certificate
/// trusted) and the comment.
async fn server(dir: &std::path::Path, ca: &std::path::Path) -> AppState {
    let ca = ca.to_owned();
    let state = common::state_with(dir, |c| {
        c.public_url = Some(PUBLIC.into());
        c.push_ca = Some(ca);
    })
    .await;
    let batch = json!({ "comments": [{
        "id": COMMENT, "section_id": "leitmotiv-2", "section_version": 2,
        "text": "Bitte mehr Bildung.", "consent": true,
        "created_at": "2026-11-22T10:15:00.000Z", "receipt_token": RECEIPT,
    }]});
    let res = call(&state, "POST", "/api/v1/comments", json_body(batch), &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    state
}

async fn subscribe(state: &AppState, browser: &Browser) -> StatusCode {
    let body = json!({
        "kind": "push", "subscription": browser.subscription,
        "consent": true, "language": "de",
    });
    call(
        state,
        "POST",
        &format!("/api/v1/comments/{COMMENT}/notify"),
        json_body(body),
        &[(mitreden_model::api::RECEIPT_HEADER, RECEIPT)],
    )
    .await
    .status()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_push_arrives_encrypted_for_the_browser_and_a_gone_subscription_is_erased() {
    let dir = tempfile::tempdir().unwrap();
    let ca = dir.path().join("push-ca.pem");
    let service = PushService::start(&ca).await;
    let state = server(dir.path(), &ca).await;
    let browser = Browser::new(&format!("https://localhost:{}/push/1", service.port));

    // The pages give the browser the server's key.
    let page = common::body(call(&state, "GET", "/", None, &[]).await).await;
    let key = page
        .split_once("data-push=\"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(key, _)| key.to_owned())
        .expect("the page names the push key");
    assert_eq!(URL_SAFE_NO_PAD.decode(&key).unwrap().len(), 65);

    // Taken without a confirmation (the permission is the consent); the same twice is one.
    assert_eq!(subscribe(&state, &browser).await, StatusCode::ACCEPTED);
    assert_eq!(subscribe(&state, &browser).await, StatusCode::ACCEPTED);
    let peek = common::peek::peek(&state).await;
    let open = peek
        .number(
            "SELECT COUNT(*) FROM notify_requests WHERE kind = 'push' AND confirmed_at IS NOT NULL",
            &[],
        )
        .await;
    assert_eq!(open, 1);
    // Not an https endpoint: refused.
    let plain = Browser::new(&format!("http://localhost:{}/push/2", service.port));
    assert_eq!(
        subscribe(&state, &plain).await,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    // A second browser, which will have dropped its subscription by then.
    let dropped = Browser::new(&format!("https://localhost:{}/push/gone", service.port));
    assert_eq!(subscribe(&state, &dropped).await, StatusCode::ACCEPTED);

    // Staff publish: a push to each, encrypted for it, signed with the pages' key.
    let cookie = staff_cookie(&state).await;
    let staff = [("cookie", cookie.as_str())];
    let path = format!("/api/v1/admin/comments/{COMMENT}/publish");
    let res = call(&state, "POST", &path, None, &staff).await;
    assert!(res.status().is_success(), "{}", res.status());
    let pushes = service.wait_for(2).await;
    let (headers, body) = pushes
        .iter()
        .find(|(h, _)| h["x-path"] == "/push/1")
        .unwrap();
    assert_eq!(headers["content-encoding"], "aes128gcm");
    assert!(headers.contains_key("ttl"));
    let authorization = headers["authorization"].to_str().unwrap();
    assert!(
        authorization.ends_with(&format!(", k={key}")),
        "{authorization}"
    );
    // The VAPID token: signed with the pages' key, for this push service, naming a contact.
    let token = authorization
        .strip_prefix("vapid t=")
        .and_then(|rest| rest.split_once(", k="))
        .unwrap()
        .0;
    let (signed, signature) = token.rsplit_once('.').unwrap();
    let verifier = VerifyingKey::from_sec1_bytes(&URL_SAFE_NO_PAD.decode(&key).unwrap()).unwrap();
    let signature = Signature::from_slice(&URL_SAFE_NO_PAD.decode(signature).unwrap()).unwrap();
    verifier.verify(signed.as_bytes(), &signature).unwrap();
    let (header, claims) = signed.split_once('.').unwrap();
    let header: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(header).unwrap()).unwrap();
    assert_eq!(header["alg"], "ES256");
    let claims: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(claims).unwrap()).unwrap();
    assert_eq!(claims["aud"], format!("https://localhost:{}", service.port));
    assert_eq!(claims["sub"], PUBLIC);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let expires = claims["exp"].as_u64().unwrap();
    assert!(expires > now && expires <= now + 24 * 60 * 60, "{expires}");
    let message = browser.read(body);
    assert_eq!(message["title"], "Ihr Kommentar ist veröffentlicht");
    assert_eq!(
        message["url"],
        format!("{PUBLIC}/beitrag/{COMMENT}#{RECEIPT}")
    );
    assert!(!String::from_utf8_lossy(body).contains("veröffentlicht"));

    // The dropped one answered 410: its request ended, the subscription erased; the other
    // stays open.
    let started = Instant::now();
    loop {
        let kept = peek
            .rows(
                "SELECT address, ended_why FROM notify_requests WHERE kind = 'push'",
                &[],
            )
            .await;
        let (erased, open): (Vec<_>, Vec<_>) = kept.iter().partition(|r| r[0].is_none());
        if !erased.is_empty() {
            assert_eq!(erased.len(), 1, "{kept:?}");
            assert_eq!(erased[0][1].as_deref(), Some("stopped"));
            assert_eq!(open.len(), 1, "the other stays");
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "still kept");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // The answer: one more push, to the browser still subscribed, and then nothing waits.
    let answer = json_body(json!({ "text": "Danke.", "status": "beruecksichtigt" }));
    let path = format!("/api/v1/admin/comments/{COMMENT}/answer");
    let res = call(&state, "PUT", &path, answer, &staff).await;
    assert!(res.status().is_success(), "{}", res.status());
    let pushes = service.wait_for(3).await;
    assert_eq!(pushes[2].0["x-path"], "/push/1");
    assert_eq!(
        browser.read(&pushes[2].1)["title"],
        "Die Verwaltung hat Ihren Kommentar beantwortet"
    );
    let started = Instant::now();
    loop {
        let waiting = peek
            .number(
                "SELECT COUNT(*) FROM mail_queue WHERE sent_at IS NULL AND given_up_at IS NULL",
                &[],
            )
            .await;
        if waiting == 0 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{waiting} still waiting"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        service.received.lock().unwrap().len(),
        3,
        "one push per event and browser"
    );
}
