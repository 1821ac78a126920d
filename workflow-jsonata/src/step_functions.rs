//! The rules of AWS Step Functions for its JSONata functions and its intrinsic functions,
//! defined once here: `States.ArrayRange` produces at most [`MAX_ARRAY_RANGE_LEN`] items and
//! `$range` at most [`MAX_JSONATA_RANGE_LEN`]; `$hash` and `States.Hash` know
//! [`HASH_ALGORITHMS`] and digest alike ([`hex_digest`], feature `eval`). `workflow-asl`'s
//! intrinsics use these.

/// The most elements `States.ArrayRange` may produce (AWS documentation, intrinsic-functions,
/// `States.ArrayRange`: at most 1,000 items).
pub const MAX_ARRAY_RANGE_LEN: usize = 1000;

/// The most elements JSONata's `$range` may produce before AWS refuses it with its memory
/// limit (`Expression evaluation memory limit exceeded`): the 1,000-item limit of
/// `States.ArrayRange` does not apply to it (AWS answers `$count($range(1, 200000, 1))` with
/// 200000, floci-io/floci pull request #2676), and AWS accepts `$range(1, 360145, 1)` and
/// refuses `$range(1, 360146, 1)` (measured with TestState, floci-io/floci pull request #2790).
pub const MAX_JSONATA_RANGE_LEN: u64 = 360_145;

/// The hash algorithms `$hash` and `States.Hash` accept.
pub const HASH_ALGORITHMS: [&str; 5] = ["MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512"];

/// The lowercase hexadecimal digest of `bytes` with `algorithm`, one of [`HASH_ALGORITHMS`];
/// `None` for any other name.
///
/// ```
/// use workflow_jsonata::step_functions::hex_digest;
/// assert_eq!(hex_digest("MD5", b"").as_deref(), Some("d41d8cd98f00b204e9800998ecf8427e"));
/// assert_eq!(hex_digest("SHA-3", b""), None);
/// ```
#[cfg(feature = "eval")]
pub fn hex_digest(algorithm: &str, bytes: &[u8]) -> Option<String> {
    use sha2::Digest as _;
    let digest: Vec<u8> = match algorithm {
        "MD5" => md5::Md5::digest(bytes).to_vec(),
        "SHA-1" => sha1::Sha1::digest(bytes).to_vec(),
        "SHA-256" => sha2::Sha256::digest(bytes).to_vec(),
        "SHA-384" => sha2::Sha384::digest(bytes).to_vec(),
        "SHA-512" => sha2::Sha512::digest(bytes).to_vec(),
        _ => return None,
    };
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(digest.len() * 2);
    for b in digest {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0x0F)]));
    }
    Some(out)
}

#[cfg(all(test, feature = "eval"))]
mod tests {
    use super::*;

    #[test]
    fn every_algorithm_digests() {
        for algorithm in HASH_ALGORITHMS {
            let digest = hex_digest(algorithm, b"abc").unwrap_or_default();
            assert!(!digest.is_empty(), "{algorithm}");
            assert!(
                digest
                    .chars()
                    .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
            );
        }
        assert_eq!(
            hex_digest("SHA-256", b"abc").as_deref(),
            Some("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        );
        assert_eq!(hex_digest("sha-256", b"abc"), None);
    }
}
