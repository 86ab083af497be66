//! The passphrase lock's cryptography against the browser's real WebCrypto
//! in headless Chromium: known answers from published test vectors (so our
//! use of PBKDF2 and AES-GCM is checked against independent values), the
//! round trip, wrong passphrases, a flipped byte, and fresh nonces and salts.
#![cfg(target_arch = "wasm32")]

use hearth::crypto::{self, OpenError, Sealer};
use hearth::store::sealed::{self, LockSettings, ITERATIONS};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// RFC 7914 (scrypt), section 11: the two PBKDF2-HMAC-SHA256 vectors.
#[wasm_bindgen_test]
async fn pbkdf2_sha256_matches_rfc_7914() {
    let got = crypto::pbkdf2_sha256(b"passwd", b"salt", 1, 64).await.unwrap();
    assert_eq!(
        got,
        hex("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc\
             49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783")
    );
    let got = crypto::pbkdf2_sha256(b"Password", b"NaCl", 80_000, 64)
        .await
        .unwrap();
    assert_eq!(
        got,
        hex("4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56\
             a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d")
    );
}

/// The GCM specification (McGrew and Viega, 2005), test cases 14 and 15:
/// AES-256, 96-bit IV, no additional data. Ciphertext then tag.
#[wasm_bindgen_test]
async fn aes_256_gcm_matches_the_gcm_spec_vectors() {
    let key = crypto::import_aes_key(&[0; 32]).await.unwrap();
    let sealed = crypto::encrypt(&key, &[0; 12], &[0; 16]).await.unwrap();
    assert_eq!(
        sealed,
        hex("cea7403d4d606b6e074ec5d3baf39d18d0d1c8a799996bf0265b98b5d48ab919")
    );

    let key = crypto::import_aes_key(&hex(
        "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
    ))
    .await
    .unwrap();
    let iv = hex("cafebabefacedbaddecaf888");
    let plain = hex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72\
         1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255");
    let expected = hex("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa\
         8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad\
         b094dac5d93471bdec1a502270e3cc6c");
    assert_eq!(crypto::encrypt(&key, &iv, &plain).await.unwrap(), expected);
    assert_eq!(crypto::decrypt(&key, &iv, &expected).await.unwrap(), plain);
    let mut flipped = expected.clone();
    flipped[3] ^= 0x01;
    assert!(crypto::decrypt(&key, &iv, &flipped).await.is_err());
}

const TEXT: &str = r#"{"schema":5,"couple":{"a":{"name":"Zoë ❤ canary-7f3a"}}}"#;

#[wasm_bindgen_test]
async fn a_sealed_text_opens_with_the_passphrase_and_only_with_it() {
    let started = js_sys::Date::now();
    let sealer = Sealer::create("correct horse battery staple", LockSettings::default())
        .await
        .unwrap();
    let derive_ms = js_sys::Date::now() - started;
    console_log!("one key derivation ({ITERATIONS} PBKDF2-SHA256 rounds) took {derive_ms:.0} ms");
    assert!(sealer.iterations >= 600_000);

    let text = sealer.seal(TEXT).await.unwrap();
    assert!(!text.contains("canary"), "no plaintext in the envelope");
    let env = sealed::parse(&text).unwrap();
    assert_eq!(sealer.open(&env).await.unwrap(), TEXT);

    // The same passphrase typed again (a new session) opens it.
    let again = Sealer::for_envelope("correct horse battery staple", &env)
        .await
        .unwrap();
    assert!(again.matches(&env));
    assert_eq!(again.open(&env).await.unwrap(), TEXT);

    // Another passphrase does not, and is told apart from damage.
    let wrong = Sealer::for_envelope("correct horse battery stapler", &env)
        .await
        .unwrap();
    assert_eq!(wrong.open(&env).await, Err(OpenError::WrongPassphrase));
}

#[wasm_bindgen_test]
async fn a_flipped_ciphertext_byte_is_damage_not_a_wrong_passphrase() {
    let sealer = Sealer::create("our quiet place", LockSettings::default())
        .await
        .unwrap();
    let env = sealed::parse(&sealer.seal(TEXT).await.unwrap()).unwrap();
    for at in [0, env.ciphertext.len() / 2, env.ciphertext.len() - 1] {
        let mut damaged = env.clone();
        damaged.ciphertext[at] ^= 0x80;
        assert_eq!(sealer.open(&damaged).await, Err(OpenError::Damaged), "byte {at}");
    }
    let mut nonce = env.clone();
    nonce.nonce[0] ^= 1;
    assert_eq!(sealer.open(&nonce).await, Err(OpenError::Damaged));
}

#[wasm_bindgen_test]
async fn two_seals_of_the_same_text_differ() {
    let sealer = Sealer::create("same words", LockSettings::default())
        .await
        .unwrap();
    let one = sealed::parse(&sealer.seal(TEXT).await.unwrap()).unwrap();
    let two = sealed::parse(&sealer.seal(TEXT).await.unwrap()).unwrap();
    assert_ne!(one.nonce, two.nonce, "a fresh nonce for every write");
    assert_ne!(one.check_nonce, two.check_nonce);
    assert_ne!(one.ciphertext, two.ciphertext);
    assert_eq!(one.salt, two.salt, "one key per session");
    // A new key for the same passphrase gets a new salt.
    let other = Sealer::create("same words", LockSettings::default())
        .await
        .unwrap();
    let three = sealed::parse(&other.seal(TEXT).await.unwrap()).unwrap();
    assert_ne!(one.salt, three.salt);
    assert_ne!(one.ciphertext, three.ciphertext);
    assert_eq!(other.open(&three).await.unwrap(), TEXT);
}

#[wasm_bindgen_test]
async fn the_passphrase_is_normalised_so_the_same_words_open_it() {
    // "é" as one code point and as e + combining accent.
    let sealer = Sealer::create("caf\u{e9} au lait", LockSettings::default())
        .await
        .unwrap();
    let env = sealed::parse(&sealer.seal(TEXT).await.unwrap()).unwrap();
    let other = Sealer::for_envelope("cafe\u{301} au lait", &env).await.unwrap();
    assert_eq!(other.open(&env).await.unwrap(), TEXT);
}

/// What earlier builds sealed (envelope version 1: the text as it is, not
/// packed) still opens, built here the way they built it.
#[wasm_bindgen_test]
async fn a_version_1_envelope_still_opens() {
    let salt = [4u8; sealed::SALT_LEN];
    let key = crypto::derive_key("an older lock", &salt, ITERATIONS)
        .await
        .unwrap();
    let nonce = [1u8; sealed::NONCE_LEN];
    let check_nonce = [2u8; sealed::NONCE_LEN];
    let text = sealed::encode(&sealed::Envelope {
        iterations: ITERATIONS,
        salt,
        nonce,
        ciphertext: crypto::encrypt(&key, &nonce, TEXT.as_bytes()).await.unwrap(),
        check_nonce,
        check: crypto::encrypt(&key, &check_nonce, &[])
            .await
            .unwrap()
            .try_into()
            .unwrap(),
        settings: LockSettings::default(),
        version: 1,
    });
    assert!(text.contains("\"hearth_sealed\":1"));
    let env = sealed::parse(&text).unwrap();
    let sealer = Sealer::for_envelope("an older lock", &env).await.unwrap();
    assert_eq!(sealer.open(&env).await.unwrap(), TEXT);
    // Sealed again, it is version 2 and opens to the same text.
    let again = sealed::parse(&sealer.seal(TEXT).await.unwrap()).unwrap();
    assert_eq!(again.version, sealed::VERSION);
    assert_eq!(sealer.open(&again).await.unwrap(), TEXT);
}
