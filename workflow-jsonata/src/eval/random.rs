//! Randomness: [`JavaRandom`], the generator AWS draws `$random(seed)` from, and seeded
//! [`SplitMix64`] with the text of version 4 UUIDs: what [`FixedContext`] draws `$random()` and
//! `$uuid()` from, and what `workflow-asl`'s `SeededEntropy` draws `States.UUID` and
//! `States.MathRandom` from (no source says AWS draws those from `java.util.Random`).
//!
//! [`FixedContext`]: super::FixedContext

/// `java.util.Random`: the 48-bit linear congruential generator its Javadoc specifies, which
/// AWS Step Functions' `$random(seed)` draws from. AWS answers `$random(42)` with
/// `0.7275636800328681`, `new java.util.Random(42).nextDouble()` bit for bit (floci-io/floci
/// issue #2662, measured on AWS; the AWS documentation, transforming-data, only promises that
/// a seed gives the same number every time).
///
/// ```
/// use workflow_jsonata::eval::JavaRandom;
/// assert_eq!(JavaRandom::new(42).next_double(), 0.7275636800328681);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JavaRandom {
    /// The 48 bits of state.
    state: u64,
}

impl JavaRandom {
    const MULTIPLIER: u64 = 0x5_DEEC_E66D;
    const ADDEND: u64 = 0xB;
    const MASK: u64 = (1 << 48) - 1;

    /// `new Random(seed)`: the seed scrambled as `(seed ^ 0x5DEECE66D) & (2^48 - 1)`.
    pub fn new(seed: i64) -> Self {
        JavaRandom {
            state: (seed as u64 ^ Self::MULTIPLIER) & Self::MASK,
        }
    }

    /// `next(bits)`: advances the state and returns its top `bits` bits (1 to 32), as Java's
    /// `int` (so 32 bits may come out negative).
    fn next(&mut self, bits: u32) -> i32 {
        self.state = self
            .state
            .wrapping_mul(Self::MULTIPLIER)
            .wrapping_add(Self::ADDEND)
            & Self::MASK;
        (self.state >> (48 - bits.clamp(1, 32))) as u32 as i32
    }

    /// `nextInt()`: the next 32 bits as a signed integer.
    pub fn next_int(&mut self) -> i32 {
        self.next(32)
    }

    /// `nextLong()`: two draws of 32 bits, the first shifted into the high half.
    pub fn next_long(&mut self) -> i64 {
        let high = i64::from(self.next(32));
        let low = i64::from(self.next(32));
        (high << 32).wrapping_add(low)
    }

    /// `nextDouble()`: 53 random bits (26 and 27 from two draws) scaled into [0, 1).
    pub fn next_double(&mut self) -> f64 {
        let high = i64::from(self.next(26));
        let low = i64::from(self.next(27));
        ((high << 27) + low) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

/// A SplitMix64 generator: the same seed gives the same sequence. Fast and small, not
/// cryptographically secure (neither `$random` nor `States.MathRandom` is).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator whose sequence is fixed by `seed`.
    pub fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A version 4 UUID made of the next 128 bits, in its lowercase hyphenated text form.
    pub fn uuid(&mut self) -> String {
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&self.next_u64().to_le_bytes());
        bytes[8..].copy_from_slice(&self.next_u64().to_le_bytes());
        uuid_v4_text(bytes)
    }
}

/// The lowercase hyphenated text of a version 4 UUID made of `bytes` (the version and variant
/// bits are set).
fn uuid_v4_text(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0F) | 0x40;
    bytes[8] = (bytes[8] & 0x3F) | 0x80;
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(36);
    for (i, b) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0x0F)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Outputs of `java.util.Random` as a JVM prints them (the values published in many test
    /// suites, e.g. `new Random(42).nextInt() == -1170105035`, `new Random(0).nextDouble() ==
    /// 0.730967787376657`, `new Random(0).nextLong() == -4962768465676381896`).
    #[test]
    fn java_random_matches_the_jvm() {
        let mut r = JavaRandom::new(42);
        let doubles: Vec<f64> = (0..5).map(|_| r.next_double()).collect();
        assert_eq!(
            doubles,
            [
                0.7275636800328681,
                0.6832234717598454,
                0.30871945533265976,
                0.27707849007413665,
                0.6655489517945736,
            ]
        );
        let mut r = JavaRandom::new(42);
        assert_eq!((r.next_int(), r.next_int()), (-1170105035, 234785527));
        assert_eq!(JavaRandom::new(0).next_double(), 0.730967787376657);
        assert_eq!(JavaRandom::new(0).next_long(), -4962768465676381896);
        assert_eq!(JavaRandom::new(7).next_double(), 0.7306990420600421);
    }

    #[test]
    fn uuids_are_v4_and_deterministic() {
        let mut a = SplitMix64::new(7);
        let mut b = SplitMix64::new(7);
        let u = a.uuid();
        assert_eq!(u, b.uuid());
        assert_ne!(u, a.uuid());
        let parts: Vec<&str> = u.split('-').collect();
        assert_eq!(
            parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
        assert!(parts[2].starts_with('4'));
        assert!(matches!(parts[3].as_bytes()[0], b'8' | b'9' | b'a' | b'b'));
        assert_eq!(
            uuid_v4_text([0xff; 16]),
            "ffffffff-ffff-4fff-bfff-ffffffffffff"
        );
        assert_eq!(SplitMix64::default(), SplitMix64::new(0));
    }
}
