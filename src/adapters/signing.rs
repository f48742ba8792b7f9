//! Ed25519 signatures over RFC 8785 canonical JSON: how instances sign and check exchange
//! messages (docs/exchange.md). Keys and signatures travel as standard base64.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use rand::RngCore;
use serde_json::Value;

/// Why a signature or key was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SigningError {
    #[error("the key is not 32 bytes of base64")]
    BadKey,
    #[error("the signature is not 64 bytes of base64")]
    BadSignature,
    #[error("the message cannot be written as canonical JSON")]
    NotCanonical,
    #[error("the signature does not match the message and key")]
    Mismatch,
}

/// A new key pair as (secret, public), base64.
pub fn generate() -> (String, String) {
    let mut secret = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut secret);
    let key = SigningKey::from_bytes(&secret);
    (
        B64.encode(secret),
        B64.encode(key.verifying_key().to_bytes()),
    )
}

fn bytes32(text: &str) -> Result<[u8; 32], SigningError> {
    let raw = B64.decode(text.trim()).map_err(|_| SigningError::BadKey)?;
    <[u8; 32]>::try_from(raw.as_slice()).map_err(|_| SigningError::BadKey)
}

/// Checks that a public key is 32 bytes of base64 naming a point on the curve.
pub fn check_public_key(public: &str) -> Result<(), SigningError> {
    VerifyingKey::from_bytes(&bytes32(public)?).map_err(|_| SigningError::BadKey)?;
    Ok(())
}

/// The RFC 8785 (JCS) form of a JSON value: the exact bytes that are signed.
pub fn canonical(message: &Value) -> Result<Vec<u8>, SigningError> {
    serde_json_canonicalizer::to_vec(message).map_err(|_| SigningError::NotCanonical)
}

/// The base64 signature of `message`'s canonical form under the secret key.
pub fn sign(secret: &str, message: &Value) -> Result<String, SigningError> {
    let key = SigningKey::from_bytes(&bytes32(secret)?);
    let signature = key.sign(&canonical(message)?);
    Ok(B64.encode(signature.to_bytes()))
}

/// Checks `signature` over `message`'s canonical form under `public` (strict verification:
/// weak keys and malleable signatures are refused).
pub fn verify(public: &str, message: &Value, signature: &str) -> Result<(), SigningError> {
    let key = VerifyingKey::from_bytes(&bytes32(public)?).map_err(|_| SigningError::BadKey)?;
    let raw = B64
        .decode(signature.trim())
        .map_err(|_| SigningError::BadSignature)?;
    let sig = Signature::from_slice(&raw).map_err(|_| SigningError::BadSignature)?;
    key.verify_strict(&canonical(message)?, &sig)
        .map_err(|_| SigningError::Mismatch)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_signature_holds_for_any_key_order_and_fails_on_one_changed_byte() {
        let (secret, public) = generate();
        let m = json!({"subject": "ขอความอนุเคราะห์", "a": 1, "b": [1, 2]});
        let sig = sign(&secret, &m).expect("sign");
        let reordered: Value =
            serde_json::from_str(r#"{"b":[1,2],"a":1,"subject":"ขอความอนุเคราะห์"}"#).expect("json");
        assert_eq!(verify(&public, &reordered, &sig), Ok(()));
        let tampered = json!({"subject": "ขอความอนุเคราะห", "a": 1, "b": [1, 2]});
        assert_eq!(
            verify(&public, &tampered, &sig),
            Err(SigningError::Mismatch)
        );
        let (_, other) = generate();
        assert_eq!(verify(&other, &m, &sig), Err(SigningError::Mismatch));
        assert_eq!(verify("AAAA", &m, &sig), Err(SigningError::BadKey));
        assert_eq!(verify(&public, &m, "AAAA"), Err(SigningError::BadSignature));
    }

    #[test]
    fn canonical_json_sorts_keys_and_drops_whitespace() {
        let v: Value = serde_json::from_str(r#"{ "b" : 2, "a" : "ก" }"#).expect("json");
        assert_eq!(canonical(&v).expect("jcs"), r#"{"a":"ก","b":2}"#.as_bytes());
    }
}
