//! The passphrase lock's cryptography, only through the browser's WebCrypto
//! (`crypto.subtle`): PBKDF2-HMAC-SHA256 turns the passphrase and a random
//! salt into a non-extractable AES-256-GCM key, which seals the document
//! with a fresh random 96-bit nonce on every write. The key lives only in
//! memory while Hearth is unlocked; the passphrase is never kept.
//!
//! The envelope's format is pure Rust in `store::sealed`; this file only
//! fills and opens it. Tested in Chromium by `tests/crypto.rs`.

use js_sys::{Array, ArrayBuffer, Promise, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AesDerivedKeyParams, AesGcmParams, CryptoKey, Pbkdf2Params, SubtleCrypto};

use crate::store::sealed::{self, Envelope, LockSettings, NONCE_LEN, SALT_LEN, TAG_LEN};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CryptoError {
    /// No WebCrypto here: an insecure (non-https) page or a very old browser.
    Unavailable,
    /// The browser refused or failed an operation (its error's name).
    Failed(String),
}

impl CryptoError {
    pub fn message(&self) -> String {
        match self {
            CryptoError::Unavailable => {
                "this browser offers no encryption here (it needs a secure https page)".into()
            }
            CryptoError::Failed(what) => format!("the browser's encryption failed ({what})"),
        }
    }
}

/// Why a sealed text did not open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OpenError {
    /// Neither the text nor its check opened: (almost surely) another passphrase.
    WrongPassphrase,
    /// The check opened but the text did not: the passphrase is right and
    /// the stored text was changed or damaged.
    Damaged,
    Crypto(CryptoError),
}

fn subtle() -> Result<SubtleCrypto, CryptoError> {
    let crypto = web_sys::window()
        .ok_or(CryptoError::Unavailable)?
        .crypto()
        .map_err(|_| CryptoError::Unavailable)?;
    let subtle = crypto.subtle();
    // `crypto.subtle` is undefined outside secure contexts.
    if JsValue::from(subtle.clone()).is_undefined() {
        return Err(CryptoError::Unavailable);
    }
    Ok(subtle)
}

fn failed(e: JsValue) -> CryptoError {
    if let Some(ex) = e.dyn_ref::<web_sys::DomException>() {
        return CryptoError::Failed(ex.name());
    }
    CryptoError::Failed(e.as_string().unwrap_or_else(|| "unknown error".into()))
}

async fn wait(p: Result<Promise, JsValue>) -> Result<JsValue, CryptoError> {
    JsFuture::from(p.map_err(failed)?).await.map_err(failed)
}

fn usages(list: &[&str]) -> Array {
    list.iter().map(|u| JsValue::from_str(u)).collect()
}

async fn bytes_of(p: Result<Promise, JsValue>) -> Result<Vec<u8>, CryptoError> {
    let buf: ArrayBuffer = wait(p)
        .await?
        .dyn_into()
        .map_err(|_| CryptoError::Failed("not a buffer".into()))?;
    Ok(Uint8Array::new(&buf).to_vec())
}

/// `N` bytes from the browser's CSPRNG (no fallback: a key needs real randomness).
pub fn random<const N: usize>() -> Result<[u8; N], CryptoError> {
    let crypto = web_sys::window()
        .ok_or(CryptoError::Unavailable)?
        .crypto()
        .map_err(|_| CryptoError::Unavailable)?;
    let mut out = [0u8; N];
    crypto.get_random_values_with_u8_array(&mut out).map_err(failed)?;
    Ok(out)
}

/// The passphrase as bytes: UTF-8 of its NFC form, so the same words typed
/// on another keyboard or system give the same key.
fn passphrase_bytes(passphrase: &str) -> Vec<u8> {
    String::from(js_sys::JsString::from(passphrase).normalize("NFC")).into_bytes()
}

async fn pbkdf2_base(secret: &[u8], usage: &str) -> Result<CryptoKey, CryptoError> {
    let s = subtle()?;
    let key = wait(s.import_key_with_str(
        "raw",
        &Uint8Array::from(secret),
        "PBKDF2",
        false,
        &usages(&[usage]),
    ))
    .await?;
    key.dyn_into()
        .map_err(|_| CryptoError::Failed("not a key".into()))
}

fn pbkdf2_params(salt: &[u8], iterations: u32) -> Pbkdf2Params {
    Pbkdf2Params::new_with_str("PBKDF2", "SHA-256", iterations, &Uint8Array::from(salt))
}

/// PBKDF2-HMAC-SHA256 of raw bytes (for the known-answer test; the app
/// itself only ever derives a non-extractable key with [`derive_key`]).
pub async fn pbkdf2_sha256(
    secret: &[u8],
    salt: &[u8],
    iterations: u32,
    len: u32,
) -> Result<Vec<u8>, CryptoError> {
    let base = pbkdf2_base(secret, "deriveBits").await?;
    let s = subtle()?;
    bytes_of(s.derive_bits_with_object(&pbkdf2_params(salt, iterations), &base, len * 8)).await
}

/// The AES-256-GCM key for a passphrase: non-extractable, encrypt/decrypt only.
pub async fn derive_key(passphrase: &str, salt: &[u8], iterations: u32) -> Result<CryptoKey, CryptoError> {
    let base = pbkdf2_base(&passphrase_bytes(passphrase), "deriveKey").await?;
    let s = subtle()?;
    let key = wait(s.derive_key_with_object_and_object(
        &pbkdf2_params(salt, iterations),
        &base,
        &AesDerivedKeyParams::new("AES-GCM", 256),
        false,
        &usages(&["encrypt", "decrypt"]),
    ))
    .await?;
    key.dyn_into()
        .map_err(|_| CryptoError::Failed("not a key".into()))
}

/// A raw AES key (for the known-answer test), non-extractable.
pub async fn import_aes_key(raw: &[u8]) -> Result<CryptoKey, CryptoError> {
    let s = subtle()?;
    let key = wait(s.import_key_with_str(
        "raw",
        &Uint8Array::from(raw),
        "AES-GCM",
        false,
        &usages(&["encrypt", "decrypt"]),
    ))
    .await?;
    key.dyn_into()
        .map_err(|_| CryptoError::Failed("not a key".into()))
}

fn gcm(nonce: &[u8]) -> AesGcmParams {
    AesGcmParams::new("AES-GCM", &Uint8Array::from(nonce))
}

/// AES-GCM encryption: the ciphertext with the 16-byte tag at its end.
pub async fn encrypt(key: &CryptoKey, nonce: &[u8], plain: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let s = subtle()?;
    bytes_of(s.encrypt_with_object_and_u8_array(&gcm(nonce), key, plain)).await
}

/// AES-GCM decryption; fails (`OperationError`) unless the tag verifies.
pub async fn decrypt(key: &CryptoKey, nonce: &[u8], sealed: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let s = subtle()?;
    bytes_of(s.decrypt_with_object_and_u8_array(&gcm(nonce), key, sealed)).await
}

/// The key of one unlocked session, and what the envelope says beside it.
/// Cloning shares the same browser key object.
#[derive(Clone)]
pub struct Sealer {
    key: CryptoKey,
    pub salt: [u8; SALT_LEN],
    pub iterations: u32,
    pub settings: LockSettings,
}

impl Sealer {
    /// A new key for a new passphrase: a fresh random salt.
    pub async fn create(passphrase: &str, settings: LockSettings) -> Result<Self, CryptoError> {
        let salt = random::<SALT_LEN>()?;
        let key = derive_key(passphrase, &salt, sealed::ITERATIONS).await?;
        Ok(Sealer {
            key,
            salt,
            iterations: sealed::ITERATIONS,
            settings,
        })
    }

    /// The key this envelope was sealed with, if `passphrase` is right
    /// (see [`Sealer::open`]).
    pub async fn for_envelope(passphrase: &str, env: &Envelope) -> Result<Self, CryptoError> {
        let key = derive_key(passphrase, &env.salt, env.iterations).await?;
        Ok(Sealer {
            key,
            salt: env.salt,
            iterations: env.iterations,
            settings: env.settings,
        })
    }

    /// Whether this key could have sealed `env` (same salt and rounds).
    pub fn matches(&self, env: &Envelope) -> bool {
        self.salt == env.salt && self.iterations == env.iterations
    }

    pub fn with_settings(&self, settings: LockSettings) -> Self {
        Sealer {
            settings,
            ..self.clone()
        }
    }

    /// Seals `text` (packed: envelope version 2) into an envelope's text,
    /// with fresh nonces.
    pub async fn seal(&self, text: &str) -> Result<String, CryptoError> {
        let nonce = random::<NONCE_LEN>()?;
        let check_nonce = random::<NONCE_LEN>()?;
        let ciphertext = encrypt(&self.key, &nonce, &sealed::pack_plain(text)).await?;
        let check: [u8; TAG_LEN] = encrypt(&self.key, &check_nonce, &[])
            .await?
            .as_slice()
            .try_into()
            .map_err(|_| CryptoError::Failed("unexpected tag length".into()))?;
        // The envelope in a task of its own: with ten years, packing, the
        // encryption's answer and writing 1.4 million characters of base64
        // were one task of about 45 ms.
        crate::tasks::next_task().await;
        Ok(sealed::encode(&Envelope {
            iterations: self.iterations,
            salt: self.salt,
            nonce,
            ciphertext,
            check_nonce,
            check,
            settings: self.settings,
            version: sealed::VERSION,
        }))
    }

    /// Opens an envelope: its text, or why not.
    pub async fn open(&self, env: &Envelope) -> Result<String, OpenError> {
        match decrypt(&self.key, &env.nonce, &env.ciphertext).await {
            Ok(bytes) if env.version >= 2 => sealed::unpack_plain(&bytes).ok_or(OpenError::Damaged),
            Ok(bytes) => String::from_utf8(bytes).map_err(|_| OpenError::Damaged),
            Err(CryptoError::Unavailable) => Err(OpenError::Crypto(CryptoError::Unavailable)),
            Err(_) => match decrypt(&self.key, &env.check_nonce, &env.check).await {
                Ok(_) => Err(OpenError::Damaged),
                Err(CryptoError::Unavailable) => Err(OpenError::Crypto(CryptoError::Unavailable)),
                Err(_) => Err(OpenError::WrongPassphrase),
            },
        }
    }
}
