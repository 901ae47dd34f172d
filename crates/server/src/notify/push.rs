//! Web Push (issue 23): a citizen's browser or installed app is told what became of a
//! comment, without an address. The server's VAPID key pair is made on its first start and
//! kept in the database (`server_keys`: back it up with the rest — a new key makes every
//! subscription useless); the pages carry its public key (`<html data-push>`), the browser
//! subscribes with it and hands the subscription over as a request of kind `push`, which
//! needs no confirmation (the browser's permission is the consent). A push goes through the
//! queue as a mail does ([`super::queue`], channel `push`): encrypted for the subscription
//! (RFC 8291, aes128gcm, `web-push-native`) and signed (RFC 8292, VAPID: a JWT signed with
//! p256's ECDSA here) when it is sent, then POSTed over
//! HTTPS to the push service. 404 or 410 means the subscription is gone: its request ends.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use http_body_util::Full;
use hyper_util::rt::TokioIo;
use mitreden_model::notify::PushSubscription;
use p256::ecdsa::signature::Signer as _;
use p256::ecdsa::{Signature, SigningKey};
use p256::elliptic_curve::sec1::ToEncodedPoint as _;
use tokio::net::TcpStream;
use tokio_rustls::rustls::pki_types::pem::PemObject as _;
use tokio_rustls::rustls::pki_types::{CertificateDer, ServerName};
use tokio_rustls::rustls::{ClientConfig, RootCertStore};
use tokio_rustls::TlsConnector;
use web_push_native::{Auth, WebPushBuilder};

use crate::error::AppError;

/// How long a push service may take to connect and answer.
const PUSH_TIMEOUT: Duration = Duration::from_secs(20);
/// How long a push service keeps a message for a browser that is offline (seconds): the
/// comment's story does not hurry.
const TIME_TO_LIVE: Duration = Duration::from_secs(4 * 24 * 60 * 60);

/// Why a push was not delivered.
#[derive(Debug, PartialEq, Eq)]
pub enum PushFailure {
    /// The subscription is gone (404, 410): the browser unsubscribed or was reset.
    Gone,
    /// Worth another try later (no connection, a timeout, 429, 5xx).
    Transient(String),
    /// Not worth another try (a subscription that cannot be read, any other answer).
    Permanent(String),
}

/// Sends pushes: the server's VAPID keys, the contact the push services may write to, and
/// the roots its TLS trusts (the Web PKI's, and `--push-ca`'s).
pub struct Pusher {
    keys: p256::SecretKey,
    contact: String,
    tls: Arc<ClientConfig>,
}

impl Pusher {
    /// The pusher with the key pair stored in `db`, made and stored on the first start;
    /// `contact` is a `mailto:` or `https:` address for the push services.
    pub async fn load(
        store: &dyn mitreden_store::Store,
        contact: String,
        extra_roots: Option<&std::path::Path>,
    ) -> Result<Self, AppError> {
        // Two processes starting at once keep the one written first.
        let made = new_secret()?;
        let secret = store.server_key("vapid", &made).await?;
        if secret == made {
            tracing::info!("VAPID key pair made for Web Push (kept in the database)");
        }
        let keys = p256::SecretKey::from_slice(&secret)
            .map_err(|e| AppError::Startup(format!("the stored VAPID key is unreadable: {e}")))?;
        let mut roots = RootCertStore::empty();
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        if let Some(path) = extra_roots {
            let unreadable = |e: &dyn std::fmt::Display| {
                AppError::Startup(format!("--push-ca {}: {e}", path.display()))
            };
            for cert in CertificateDer::pem_file_iter(path).map_err(|e| unreadable(&e))? {
                roots
                    .add(cert.map_err(|e| unreadable(&e))?)
                    .map_err(|e| unreadable(&e))?;
            }
        }
        Ok(Self {
            keys,
            contact,
            tls: Arc::new(tls_config(roots)),
        })
    }

    /// The public key browsers subscribe with (`applicationServerKey`): the uncompressed
    /// point, base64url without padding.
    pub fn public_key(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.keys.public_key().to_encoded_point(false).as_bytes())
    }

    /// The `Authorization` of a push to `endpoint` (RFC 8292): a JWT signed with ES256
    /// for the push service's origin, valid for 12 hours, naming our contact; and our key.
    fn vapid(&self, endpoint: &axum::http::Uri) -> Result<String, PushFailure> {
        let origin = format!(
            "{}://{}",
            endpoint.scheme_str().unwrap_or("https"),
            endpoint.authority().map_or("", |a| a.as_str())
        );
        let expires = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_err(|_| PushFailure::Transient("clock before 1970".into()))?
            .as_secs()
            + 12 * 60 * 60;
        let header = URL_SAFE_NO_PAD.encode(r#"{"typ":"JWT","alg":"ES256"}"#);
        let claims = URL_SAFE_NO_PAD.encode(
            serde_json::json!({ "aud": origin, "exp": expires, "sub": self.contact }).to_string(),
        );
        let signed = format!("{header}.{claims}");
        let signature: Signature = SigningKey::from(&self.keys).sign(signed.as_bytes());
        Ok(format!(
            "vapid t={signed}.{}, k={}",
            URL_SAFE_NO_PAD.encode(signature.to_bytes()),
            self.public_key()
        ))
    }

    /// Encrypts `payload` for `subscription`, signs, and delivers it to its push service.
    pub async fn send(
        &self,
        subscription: &PushSubscription,
        payload: &[u8],
    ) -> Result<(), PushFailure> {
        let unreadable = |what: &str| PushFailure::Permanent(format!("subscription: {what}"));
        let endpoint: axum::http::Uri = subscription
            .endpoint
            .parse()
            .map_err(|_| unreadable("endpoint"))?;
        let ua_public = URL_SAFE_NO_PAD
            .decode(&subscription.p256dh)
            .ok()
            .and_then(|b| p256::PublicKey::from_sec1_bytes(&b).ok())
            .ok_or_else(|| unreadable("p256dh"))?;
        let auth = URL_SAFE_NO_PAD
            .decode(&subscription.auth)
            .ok()
            .filter(|b| b.len() == 16)
            .map(|b| Auth::clone_from_slice(&b))
            .ok_or_else(|| unreadable("auth"))?;
        let mut request = WebPushBuilder::new(endpoint.clone(), ua_public, auth)
            .with_valid_duration(TIME_TO_LIVE)
            .build(payload.to_vec())
            .map_err(|e| PushFailure::Permanent(format!("not encrypted: {e}")))?;
        let authorization = self.vapid(&endpoint)?;
        request.headers_mut().insert(
            axum::http::header::AUTHORIZATION,
            authorization
                .parse()
                .map_err(|_| PushFailure::Permanent("no VAPID header".into()))?,
        );
        let status = tokio::time::timeout(PUSH_TIMEOUT, self.post(&endpoint, request))
            .await
            .map_err(|_| PushFailure::Transient("timeout".into()))??;
        match status {
            200..=299 => Ok(()),
            404 | 410 => Err(PushFailure::Gone),
            429 | 500..=599 => Err(PushFailure::Transient(format!("HTTP {status}"))),
            _ => Err(PushFailure::Permanent(format!("HTTP {status}"))),
        }
    }

    /// POSTs `request` to `endpoint` over HTTPS (one connection per push: pushes are few);
    /// the answer's status.
    async fn post(
        &self,
        endpoint: &axum::http::Uri,
        request: axum::http::Request<Vec<u8>>,
    ) -> Result<u16, PushFailure> {
        let host = endpoint
            .host()
            .ok_or_else(|| PushFailure::Permanent("no host".into()))?
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_owned();
        let port = endpoint.port_u16().unwrap_or(443);
        let tcp = TcpStream::connect((host.as_str(), port))
            .await
            .map_err(no_connection)?;
        let name = ServerName::try_from(host.clone())
            .map_err(|_| PushFailure::Permanent("not a host name".into()))?;
        let tls = TlsConnector::from(self.tls.clone())
            .connect(name, tcp)
            .await
            .map_err(no_connection)?;
        let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(tls))
            .await
            .map_err(no_connection)?;
        tokio::spawn(connection);
        let (mut parts, body) = request.into_parts();
        if let Some(authority) = endpoint.authority() {
            if let Ok(value) = authority.as_str().parse() {
                parts.headers.insert(axum::http::header::HOST, value);
            }
        }
        let request = axum::http::Request::from_parts(parts, Full::new(Bytes::from(body)));
        let answer = sender.send_request(request).await.map_err(no_connection)?;
        Ok(answer.status().as_u16())
    }
}

/// A new VAPID secret: 32 random bytes that make a valid P-256 scalar.
fn new_secret() -> Result<Vec<u8>, AppError> {
    loop {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)
            .map_err(|e| AppError::Internal(format!("no randomness: {e}")))?;
        if p256::SecretKey::from_slice(&bytes).is_ok() {
            return Ok(bytes.to_vec());
        }
    }
}

/// A failure to reach the push service: worth another try.
fn no_connection<E>(_: E) -> PushFailure {
    PushFailure::Transient("no connection".into())
}

/// TLS trusting `roots`, with the one crypto provider built in (ring, as for SMTP).
fn tls_config(roots: RootCertStore) -> ClientConfig {
    ClientConfig::builder()
        .with_root_certificates(roots)
        .with_no_client_auth()
}

/// What the service worker shows: the title, the text and the page it opens (JSON).
pub fn payload(title: &str, body: &str, url: &str, lang: &str) -> String {
    serde_json::json!({ "title": title, "body": body, "url": url, "lang": lang }).to_string()
}
