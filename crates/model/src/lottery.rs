//! The draw by lot for a participation event (issue 14, Esslingen's workshop): a
//! deterministic function of public inputs that anyone can re-run.
//!
//! # The algorithm (version 1), so that an outsider can re-implement it
//! 1. **Applicants** are sorted by receipt code (bytewise). Each has quota attributes
//!    (`attribute = value`, e.g. `bezirk = Mitte`).
//! 2. **The key** is SHA-256 of these bytes, in this order (`0x01` closes each applicant,
//!    after its last attribute — not the list):
//!    ```text
//!    bytes = "mitreden-lottery-v1" ‖ 0x00
//!          ‖ seed (UTF-8, as given) ‖ 0x00
//!          ‖ public value (UTF-8) ‖ 0x00
//!          ‖ seats (decimal digits, e.g. "15") ‖ 0x00
//!    for each applicant, sorted by code (bytewise):
//!        bytes ‖= code (UTF-8) ‖ 0x00
//!        for each attribute, sorted by name (bytewise):
//!            bytes ‖= name ‖ "=" ‖ value (UTF-8) ‖ 0x00
//!        bytes ‖= 0x01
//!    key = SHA-256(bytes)
//!    ```
//!    An applicant `A1` with `bezirk = Mitte` adds `41 31 00 62 65 7a 69 72 6b 3d 4d 69 74
//!    74 65 00 01`; one without attributes adds its code, `00`, `01`.
//! 3. **The random stream**: block *i* (i = 0, 1, …) is SHA-256(key ‖ i as 8 bytes
//!    big-endian); each block gives four 64-bit numbers (big-endian, in order). A uniform
//!    number below *n* takes the next number *x* and accepts it if
//!    *x* < 2⁶⁴ − (2⁶⁴ mod *n*), answering *x* mod *n*; otherwise it takes the next one.
//! 4. **Quotas** are filled in the order the event lists them. A quota asks for *k* seats:
//!    given as a number (`seats`), or as a share of all seats (`share` from 0 to 1), which
//!    becomes *k* = ⌊seats × share⌋ — rounded down, so a quota never asks for more than its
//!    share (0.4 of 15 seats is 6; 0.3 of 15 is 4). For a quota
//!    (`attribute = value`, *k* seats) the applicants not yet drawn who have that value are
//!    the pool; while fewer than *k* of the drawn have that value and seats are left, one is
//!    drawn uniformly from the pool (by position in the sorted order) and removed. A quota
//!    whose pool runs out stays short — **the fallback**: its seats go to the open draw.
//! 5. **The open draw**: the remaining seats are drawn uniformly, one by one, from all
//!    applicants not yet drawn.
//! 6. The result is the drawn receipt codes in the order they were drawn.
//!
//! The commitment published before the deadline is the SHA-256 of the seed (hex,
//! lowercase); [`check_commitment`] compares.
//!
//! # Test vector
//! Seats 3; one quota `bezirk = Zell`, 1 seat; seed `startwert` (commitment
//! `969a66c776c1b9268fe51c67e32feaf929b403bdbb3820f852a3d32eb428aca4`); public value
//! `1 2 3 4 5 6`; applicants `A1`, `C3`, `E5` with `bezirk = Mitte` and `B2`, `D4` with
//! `bezirk = Zell`. Drawn: `D4` (the quota), then `B2`, `C3`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The version of the algorithm above; it is part of the key.
pub const ALGORITHM: &str = "mitreden-lottery-v1";

/// One applicant as the draw sees it: the receipt code and the quota attributes, nothing
/// that names or reaches the person.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applicant {
    /// The short receipt code the applicant got.
    pub code: String,
    /// Quota attributes, e.g. `bezirk → Mitte`, `alter → 18–29`.
    #[serde(default)]
    pub attributes: BTreeMap<String, String>,
}

pub use crate::event::Quota;

/// Everything the draw depends on: what the town publishes after it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawInput {
    /// How many are drawn.
    pub seats: u32,
    /// The quotas, in the order they are filled.
    #[serde(default)]
    pub quotas: Vec<Quota>,
    /// The secret seed, revealed at the draw.
    pub seed: String,
    /// The public value nobody knew at the deadline (e.g. a named lottery's numbers).
    pub public_value: String,
    /// Every applicant (any order; the draw sorts them).
    pub applicants: Vec<Applicant>,
}

/// The commitment to `seed`: SHA-256, lowercase hex.
pub fn commitment(seed: &str) -> String {
    hex(&Sha256::digest(seed.as_bytes()))
}

/// Whether `seed` is the one committed to by `published` (hex, any case).
pub fn check_commitment(seed: &str, published: &str) -> bool {
    commitment(seed) == published.trim().to_ascii_lowercase()
}

/// The file the app offers for download after the draw, and `mitreden-server lottery
/// verify` reads: everything needed to re-run the draw and check the seed.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedDraw {
    /// The algorithm's name and version ([`ALGORITHM`]).
    pub algorithm: String,
    /// The event's id.
    pub event_id: String,
    /// The commitment published before the deadline.
    pub commitment: String,
    /// When it was made (RFC 3339).
    pub committed_at: String,
    /// When the draw was made (RFC 3339).
    pub drawn_at: String,
    /// The inputs.
    pub input: DrawInput,
    /// The drawn receipt codes, in the order drawn.
    pub drawn: Vec<String>,
}

/// What re-running a published draw found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    /// The list the re-run draws.
    pub drawn: Vec<String>,
    /// Whether it equals the published list.
    pub same_list: bool,
    /// Whether the seed matches the commitment.
    pub seed_matches: bool,
    /// Whether the file names this algorithm.
    pub known_algorithm: bool,
}

impl Verification {
    /// Everything checks out.
    pub fn ok(&self) -> bool {
        self.same_list && self.seed_matches && self.known_algorithm
    }
}

/// Re-runs a published draw and checks it.
pub fn verify(published: &PublishedDraw) -> Verification {
    let drawn = draw(&published.input);
    Verification {
        same_list: drawn == published.drawn,
        seed_matches: check_commitment(&published.input.seed, &published.commitment),
        known_algorithm: published.algorithm == ALGORITHM,
        drawn,
    }
}

/// One group's chance in a simulation.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupChance {
    /// `attribute = value`, or `alle` for every applicant.
    pub group: String,
    /// Applicants in the group.
    pub applicants: usize,
    /// The mean number of seats the group got per draw.
    pub mean_seats: f64,
    /// The chance of one of its members to be drawn (mean seats / applicants).
    pub chance: f64,
}

/// Runs the draw `runs` times with seeds `seed/0`, `seed/1`, … (same applicants, quotas and
/// public value) and gives each attribute value's selection chance, beside the chance every
/// applicant would have without quotas (seats / applicants): so a town can show that the
/// quotas disadvantage no group more than needed (cf. Flanigan et al., Nature 2021).
pub fn simulate(input: &DrawInput, runs: u32) -> Vec<GroupChance> {
    let mut groups: BTreeMap<(String, String), (usize, u64)> = BTreeMap::new();
    for a in &input.applicants {
        for (name, value) in &a.attributes {
            groups.entry((name.clone(), value.clone())).or_default().0 += 1;
        }
    }
    let index: BTreeMap<&str, &Applicant> = input
        .applicants
        .iter()
        .map(|a| (a.code.as_str(), a))
        .collect();
    let mut total_drawn = 0u64;
    let mut run = input.clone();
    for i in 0..runs {
        run.seed = format!("{}/{i}", input.seed);
        for code in draw(&run) {
            total_drawn += 1;
            if let Some(a) = index.get(code.as_str()) {
                for (name, value) in &a.attributes {
                    if let Some(g) = groups.get_mut(&(name.clone(), value.clone())) {
                        g.1 += 1;
                    }
                }
            }
        }
    }
    let runs_f = f64::from(runs.max(1));
    let chance = |n: usize, seats: u64| {
        let mean = seats as f64 / runs_f;
        (mean, if n == 0 { 0.0 } else { mean / n as f64 })
    };
    let (mean, all) = chance(input.applicants.len(), total_drawn);
    let mut out = vec![GroupChance {
        group: "alle".into(),
        applicants: input.applicants.len(),
        mean_seats: mean,
        chance: all,
    }];
    for ((name, value), (n, seats)) in groups {
        let (mean_seats, chance) = chance(n, seats);
        out.push(GroupChance {
            group: format!("{name} = {value}"),
            applicants: n,
            mean_seats,
            chance,
        });
    }
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The random stream of step 3.
struct Stream {
    key: [u8; 32],
    block: u64,
    numbers: Vec<u64>,
}

impl Stream {
    fn new(key: [u8; 32]) -> Self {
        Self {
            key,
            block: 0,
            numbers: Vec::new(),
        }
    }

    fn next_u64(&mut self) -> u64 {
        if self.numbers.is_empty() {
            let mut h = Sha256::new();
            h.update(self.key);
            h.update(self.block.to_be_bytes());
            self.block += 1;
            let out = h.finalize();
            // Four numbers, used in order (kept reversed, so `pop` gives the first).
            self.numbers = out
                .chunks_exact(8)
                .map(|c| u64::from_be_bytes(c.try_into().unwrap_or([0; 8])))
                .rev()
                .collect();
        }
        self.numbers.pop().unwrap_or(0)
    }

    /// A uniform number below `n` (`n` > 0), by rejection.
    fn below(&mut self, n: u64) -> u64 {
        let n = n.max(1);
        let limit = u64::MAX - (u64::MAX % n + 1) % n;
        loop {
            let x = self.next_u64();
            if x <= limit {
                return x % n;
            }
        }
    }
}

/// The key of step 2.
fn key(input: &DrawInput, sorted: &[&Applicant]) -> [u8; 32] {
    let mut h = Sha256::new();
    for part in [
        ALGORITHM.as_bytes(),
        input.seed.as_bytes(),
        input.public_value.as_bytes(),
        input.seats.to_string().as_bytes(),
    ] {
        h.update(part);
        h.update([0]);
    }
    for a in sorted {
        h.update(a.code.as_bytes());
        h.update([0]);
        for (name, value) in &a.attributes {
            h.update(format!("{name}={value}").as_bytes());
            h.update([0]);
        }
        h.update([1]);
    }
    h.finalize().into()
}

/// Draws one of `pool` (positions in `left`) uniformly and moves it to `drawn`.
fn take<'a>(
    stream: &mut Stream,
    pool: &[usize],
    left: &mut Vec<&'a Applicant>,
    drawn: &mut Vec<&'a Applicant>,
) {
    let n = u64::try_from(pool.len()).unwrap_or(u64::MAX);
    let pick = usize::try_from(stream.below(n)).unwrap_or(0);
    if let Some(&at) = pool.get(pick) {
        drawn.push(left.remove(at));
    }
}

/// The draw: the receipt codes drawn, in the order they were drawn (at most `seats`, fewer
/// where there are fewer applicants).
pub fn draw(input: &DrawInput) -> Vec<String> {
    let mut sorted: Vec<&Applicant> = input.applicants.iter().collect();
    sorted.sort_by(|a, b| a.code.as_bytes().cmp(b.code.as_bytes()));
    let mut stream = Stream::new(key(input, &sorted));
    let seats = usize::try_from(input.seats).unwrap_or(usize::MAX);
    let mut left: Vec<&Applicant> = sorted;
    let mut drawn: Vec<&Applicant> = Vec::new();
    for quota in &input.quotas {
        let has = |a: &Applicant| a.attributes.get(&quota.attribute) == Some(&quota.value);
        let want = usize::try_from(quota.seats).unwrap_or(usize::MAX);
        while drawn.len() < seats && drawn.iter().filter(|a| has(a)).count() < want {
            let pool: Vec<usize> = (0..left.len()).filter(|&i| has(left[i])).collect();
            if pool.is_empty() {
                break;
            }
            take(&mut stream, &pool, &mut left, &mut drawn);
        }
    }
    while drawn.len() < seats && !left.is_empty() {
        let pool: Vec<usize> = (0..left.len()).collect();
        take(&mut stream, &pool, &mut left, &mut drawn);
    }
    drawn.into_iter().map(|a| a.code.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn applicants(n: usize) -> Vec<Applicant> {
        (0..n)
            .map(|i| Applicant {
                code: format!("K{i:03}"),
                attributes: BTreeMap::from([
                    (
                        "bezirk".to_owned(),
                        ["Mitte", "Berkheim", "Zell"][i % 3].to_owned(),
                    ),
                    (
                        "alter".to_owned(),
                        if i % 4 == 0 { "16-29" } else { "30+" }.to_owned(),
                    ),
                ]),
            })
            .collect()
    }

    fn input() -> DrawInput {
        DrawInput {
            seats: 15,
            quotas: vec![
                Quota {
                    attribute: "bezirk".into(),
                    value: "Zell".into(),
                    seats: 4,
                },
                Quota {
                    attribute: "alter".into(),
                    value: "16-29".into(),
                    seats: 5,
                },
            ],
            seed: "geheimer-startwert-2026".into(),
            public_value: "Lotto 6 aus 49, 28.11.2026: 3 11 19 27 38 44".into(),
            applicants: applicants(40),
        }
    }

    /// The key's bytes exactly as the crate documentation writes them down.
    #[test]
    fn the_key_is_the_documented_bytes() {
        let input = DrawInput {
            seats: 3,
            quotas: Vec::new(),
            seed: "startwert".into(),
            public_value: "1 2 3 4 5 6".into(),
            applicants: vec![
                Applicant {
                    code: "B2".into(),
                    attributes: BTreeMap::new(),
                },
                Applicant {
                    code: "A1".into(),
                    attributes: BTreeMap::from([("bezirk".into(), "Mitte".into())]),
                },
            ],
        };
        let mut bytes = b"mitreden-lottery-v1\0startwert\x001 2 3 4 5 6\x003\0".to_vec();
        bytes.extend([0x41, 0x31, 0x00]);
        bytes.extend(b"bezirk=Mitte\0");
        bytes.push(0x01);
        bytes.extend(b"B2\0\x01");
        let mut sorted: Vec<&Applicant> = input.applicants.iter().collect();
        sorted.sort_by(|a, b| a.code.as_bytes().cmp(b.code.as_bytes()));
        assert_eq!(
            key(&input, &sorted),
            <[u8; 32]>::from(Sha256::digest(&bytes))
        );
    }

    #[test]
    fn the_draw_is_stable_and_respects_quotas() {
        let first = draw(&input());
        assert_eq!(first.len(), 15);
        assert_eq!(first, draw(&input()), "the same inputs, the same list");
        // The applicants' order in the file does not matter.
        let mut shuffled = input();
        shuffled.applicants.reverse();
        assert_eq!(draw(&shuffled), first);
        let all = applicants(40);
        let with = |attr: &str, value: &str| {
            first
                .iter()
                .filter(|c| {
                    all.iter()
                        .any(|a| &a.code == *c && a.attributes[attr] == value)
                })
                .count()
        };
        assert!(with("bezirk", "Zell") >= 4);
        assert!(with("alter", "16-29") >= 5);
        let mut unique = first.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 15, "nobody twice");
    }

    #[test]
    fn any_input_changes_the_draw() {
        let first = draw(&input());
        let mut seed = input();
        seed.seed.push('!');
        let mut public = input();
        public.public_value = "Lotto 6 aus 49, 28.11.2026: 3 11 19 27 38 45".into();
        let mut one_less = input();
        one_less.applicants.pop();
        for other in [seed, public, one_less] {
            assert_ne!(draw(&other), first);
        }
    }

    #[test]
    fn a_quota_without_enough_applicants_falls_back_to_the_open_draw() {
        let mut short = input();
        short.quotas = vec![Quota {
            attribute: "bezirk".into(),
            value: "Nirgendwo".into(),
            seats: 3,
        }];
        assert_eq!(draw(&short).len(), 15);
        let mut few = input();
        few.applicants.truncate(7);
        assert_eq!(
            draw(&few).len(),
            7,
            "fewer applicants than seats: all of them"
        );
    }

    #[test]
    fn the_commitment_is_checked() {
        let c = commitment("geheimer-startwert-2026");
        assert_eq!(c.len(), 64);
        assert!(check_commitment(
            "geheimer-startwert-2026",
            &c.to_uppercase()
        ));
        assert!(!check_commitment("geheimer-startwert-2027", &c));
    }

    proptest::proptest! {
        /// Any codes, attributes and quotas (arbitrary Unicode): no panic, at most the
        /// seats, nobody twice, only applicants.
        #[test]
        fn any_input_draws_cleanly(
            codes in proptest::collection::btree_set(".{0,12}", 0..30),
            values in proptest::collection::vec(".{0,6}", 1..4),
            seats in 0u32..40,
            quota_seats in 0u32..10,
            seed in ".*",
        ) {
            let applicants: Vec<Applicant> = codes.iter().enumerate().map(|(i, c)| Applicant {
                code: c.clone(),
                attributes: BTreeMap::from([("a".to_owned(), values[i % values.len()].clone())]),
            }).collect();
            let input = DrawInput {
                seats,
                quotas: vec![Quota { attribute: "a".into(), value: values[0].clone(), seats: quota_seats }],
                seed,
                public_value: String::new(),
                applicants,
            };
            let drawn = draw(&input);
            proptest::prop_assert!(drawn.len() <= seats as usize);
            proptest::prop_assert_eq!(drawn.len(), (seats as usize).min(codes.len()));
            let unique: std::collections::BTreeSet<_> = drawn.iter().collect();
            proptest::prop_assert_eq!(unique.len(), drawn.len());
            proptest::prop_assert!(drawn.iter().all(|c| codes.contains(c)));
        }
    }

    #[test]
    fn uniform_numbers_stay_below_their_bound() {
        let mut s = Stream::new([7; 32]);
        for n in [1, 2, 3, 7, 40, u64::MAX] {
            for _ in 0..50 {
                assert!(s.below(n) < n);
            }
        }
    }
}

#[cfg(test)]
mod vector {
    //! The test vector in the module's documentation.
    use super::*;

    #[test]
    fn the_documented_test_vector() {
        let input = DrawInput {
            seats: 3,
            quotas: vec![Quota {
                attribute: "bezirk".into(),
                value: "Zell".into(),
                seats: 1,
            }],
            seed: "startwert".into(),
            public_value: "1 2 3 4 5 6".into(),
            applicants: ["A1", "B2", "C3", "D4", "E5"]
                .iter()
                .enumerate()
                .map(|(i, c)| Applicant {
                    code: (*c).into(),
                    attributes: BTreeMap::from([(
                        "bezirk".to_owned(),
                        if i % 2 == 0 { "Mitte" } else { "Zell" }.to_owned(),
                    )]),
                })
                .collect(),
        };
        assert_eq!(draw(&input), ["D4", "B2", "C3"]);
        assert_eq!(
            commitment("startwert"),
            "969a66c776c1b9268fe51c67e32feaf929b403bdbb3820f852a3d32eb428aca4"
        );

        // The published file re-runs to the same list; a changed list or seed is caught.
        let mut published = PublishedDraw {
            algorithm: ALGORITHM.into(),
            event_id: "workshop".into(),
            commitment: commitment("startwert"),
            committed_at: "2027-03-01T10:00:00Z".into(),
            drawn_at: "2027-03-21T10:00:00Z".into(),
            drawn: vec!["D4".into(), "B2".into(), "C3".into()],
            input,
        };
        let json = serde_json::to_string(&published).expect("serialises");
        let read: PublishedDraw = serde_json::from_str(&json).expect("reads back");
        assert!(verify(&read).ok());
        published.drawn.swap(1, 2);
        assert!(!verify(&published).same_list);
        published.drawn.swap(1, 2);
        published.input.seed = "startwert2".into();
        let v = verify(&published);
        assert!(!v.seed_matches && !v.ok());

        // The simulation: Zell (2 of 5) is guaranteed one seat; everyone's mean is 3/5.
        published.input.seed = "startwert".into();
        let chances = simulate(&published.input, 2000);
        assert_eq!(chances[0].group, "alle");
        assert!((chances[0].chance - 0.6).abs() < 1e-9, "{chances:?}");
        let zell = chances
            .iter()
            .find(|c| c.group == "bezirk = Zell")
            .expect("Zell");
        let mitte = chances
            .iter()
            .find(|c| c.group == "bezirk = Mitte")
            .expect("Mitte");
        assert_eq!((zell.applicants, mitte.applicants), (2, 3));
        assert!((zell.mean_seats + mitte.mean_seats - 3.0).abs() < 1e-9);
        // Exact: Zell gets 1 + 2 × (1/4) = 1.5 seats on average → 0.75 each; Mitte 0.5.
        assert!((zell.chance - 0.75).abs() < 0.04, "{zell:?}");
        assert!((mitte.chance - 0.5).abs() < 0.04, "{mitte:?}");
    }
}
