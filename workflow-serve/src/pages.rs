//! Pages of the `List…` operations (and `GetExecutionHistory`), as AWS pages them: a
//! `nextToken` returns each row exactly once however rows are added and removed between pages.
//!
//! A token is a keyset cursor, not an offset: it names the place of the last row it returned
//! (its [`Place`] in the listing's order), and the next page begins with the first row past
//! that place. A row added meanwhile is listed if its place is past the token's (newer
//! executions are not: a listing of executions is newest first), a row removed meanwhile
//! shifts nothing, and no row that stays is listed twice or missed. (An offset, which the
//! server used before, lists a row again for each row added before it: under concurrent starts
//! every page repeated rows.)
//!
//! The API reference on every `nextToken`: "Make the call again using the returned token to
//! retrieve the next page. Keep all other arguments unchanged. Each pagination token expires
//! after 24 hours. Using an expired pagination token will return an HTTP 400 InvalidToken
//! error." So a token is good only for the listing that issued it (the same operation with the
//! same other arguments: a digest of them is in the token) for 24 hours; any other, expired,
//! issued later than now, or not a token of this server's form is `InvalidToken`. Its length
//! and `maxResults`' bounds (0 to 1000; 0 and none mean 100) are the API model's, checked with
//! every request's other members (`constraints`).

use super::protocol::ApiError;
use serde::Serialize;
use serde_json::{Map, Value};
use std::cmp::Ordering;
use workflow_local_engine::wall_millis as now_ms;

/// How long a token is good for (the API reference: "Each pagination token expires after 24
/// hours").
pub(crate) const TOKEN_LIFETIME_MS: i64 = 24 * 60 * 60 * 1000;

/// How many rows a page holds when `maxResults` is 0 or missing (the API reference:
/// "`maxResults` … If no value is specified, the default is 100" — wording of each `List…`).
pub(crate) const DEFAULT_PAGE: usize = 100;

/// Where a row stands in its listing: a number (a sequence, an event id, a version number, a
/// start time), then a text (a name, an ARN), compared in that order. A row's place never
/// changes while the row exists, and no two rows of a listing share one.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Place {
    number: i64,
    text: String,
}

impl Place {
    /// A place by a number alone.
    pub(crate) fn number(number: i64) -> Place {
        Place {
            number,
            text: String::new(),
        }
    }

    /// A place by a text alone (a name: listed in its order).
    pub(crate) fn text(text: impl Into<String>) -> Place {
        Place {
            number: 0,
            text: text.into(),
        }
    }

    /// A place by a number, then a text.
    pub(crate) fn both(number: i64, text: impl Into<String>) -> Place {
        Place {
            number,
            text: text.into(),
        }
    }
}

/// The order of a listing: its rows by ascending or descending [`Place`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Order {
    Ascending,
    Descending,
}

impl Order {
    fn compare(self, a: &Place, b: &Place) -> Ordering {
        match self {
            Order::Ascending => a.cmp(b),
            Order::Descending => b.cmp(a),
        }
    }
}

/// Which listing a page token belongs to: a digest of the operation's list (`executions`,
/// `events`, …) and of the request's other arguments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Listing(u64);

impl Listing {
    /// The listing of `key` that `request` asks for (its `nextToken` and `maxResults` aside).
    pub(crate) fn of(key: &str, request: &Map<String, Value>) -> Listing {
        // FNV-1a (64 bits): stable across builds and runs, unlike std's hasher.
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        let mut feed = |bytes: &[u8]| {
            for b in bytes {
                hash ^= u64::from(*b);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
            // A separator, so that `ab`,`c` and `a`,`bc` differ.
            hash ^= 0xff;
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        };
        feed(key.as_bytes());
        let mut names: Vec<&String> = request
            .keys()
            .filter(|k| *k != "nextToken" && *k != "maxResults")
            .collect();
        names.sort();
        for name in names {
            feed(name.as_bytes());
            let value = request.get(name).map(Value::to_string).unwrap_or_default();
            feed(value.as_bytes());
        }
        Listing(hash)
    }

    /// The listing of `key` that the typed `request` asks for (its members as it was sent,
    /// `nextToken` and `maxResults` aside).
    pub(crate) fn of_request(key: &str, request: &impl Serialize) -> Listing {
        match serde_json::to_value(request) {
            Ok(Value::Object(members)) => Listing::of(key, &members),
            _ => Listing::of(key, &Map::new()),
        }
    }
}

/// A request for one page of a listing: its `nextToken` and `maxResults`.
pub(crate) trait PageRequest: Serialize {
    /// The token of the page asked for (none: the first).
    fn next_token(&self) -> Option<&str>;
    /// How many rows at most (0 or none: [`DEFAULT_PAGE`]).
    fn max_results(&self) -> Option<i64>;
}

/// The page requests of the `List…` operations and `GetExecutionHistory`.
macro_rules! page_requests {
    ($($input:ident),* $(,)?) => {$(
        impl PageRequest for super::requests::$input {
            fn next_token(&self) -> Option<&str> {
                self.next_token.as_deref()
            }
            fn max_results(&self) -> Option<i64> {
                self.max_results
            }
        }
    )*};
}

page_requests!(
    ListActivitiesInput,
    ListExecutionsInput,
    ListMapRunsInput,
    ListStateMachineAliasesInput,
    ListStateMachineVersionsInput,
    ListStateMachinesInput,
    GetExecutionHistoryInput,
);

/// A page token: the listing, when it was issued, and the place of the last row returned.
/// Written `DIGEST.ISSUED.NUMBER.TEXT` (hexadecimal digest and time, the text last, as it is).
#[derive(Debug, PartialEq)]
struct Token {
    listing: Listing,
    issued_ms: i64,
    after: Place,
}

impl Token {
    fn write(&self) -> String {
        format!(
            "{:016x}.{:x}.{}.{}",
            self.listing.0, self.issued_ms, self.after.number, self.after.text
        )
    }

    /// The token `text` as `listing` reads it at `now_ms`: `InvalidToken` unless it is one of
    /// its tokens, issued within [`TOKEN_LIFETIME_MS`].
    fn read(text: &str, listing: Listing, now_ms: i64) -> Result<Token, ApiError> {
        let invalid = || ApiError::new("InvalidToken", format!("Invalid Token: '{text}'"));
        let mut parts = text.splitn(4, '.');
        let mut next = || parts.next().ok_or_else(invalid);
        let digest = u64::from_str_radix(next()?, 16).map_err(|_| invalid())?;
        let issued_ms = i64::from_str_radix(next()?, 16).map_err(|_| invalid())?;
        let number = next()?.parse::<i64>().map_err(|_| invalid())?;
        let text_part = next()?;
        if Listing(digest) != listing {
            return Err(invalid());
        }
        // Expired, or issued later than now (not one of ours); a minute's leeway for the
        // clock.
        if now_ms.saturating_sub(issued_ms) > TOKEN_LIFETIME_MS
            || issued_ms.saturating_sub(now_ms) > 60_000
        {
            return Err(ApiError::new(
                "InvalidToken",
                format!("Invalid Token: '{text}': a pagination token expires after 24 hours"),
            ));
        }
        Ok(Token {
            listing,
            issued_ms,
            after: Place::both(number, text_part),
        })
    }
}

/// A page of a `List…` answer: its rows, and the token of the next page when rows follow.
pub(crate) struct Page<R> {
    pub rows: Vec<R>,
    pub next_token: Option<String>,
}

/// The page of `items` that `r` asks for (`nextToken`, `maxResults`) of the listing `key` (the
/// answer's member that lists them), the items listed in `order` of their `place`, each
/// written by `row`, with `nextToken` when more follow. Only the page's rows are written.
pub(crate) fn listed<T, R>(
    r: &impl PageRequest,
    items: Vec<T>,
    key: &str,
    order: Order,
    place: impl Fn(&T) -> Place,
    row: impl Fn(&T) -> R,
) -> Result<Page<R>, ApiError> {
    let (page, next_token) = page(
        items,
        Listing::of_request(key, r),
        order,
        place,
        r.next_token(),
        r.max_results(),
        now_ms(),
    )?;
    Ok(Page {
        rows: page.iter().map(row).collect(),
        next_token,
    })
}

/// One page of `items` in `listing`, ordered by `order` of their `place`: the rows past the
/// place `next_token` names (from the first without one), at most `max_results` of them
/// ([`DEFAULT_PAGE`] for 0 or none), and the token of the next page when rows follow.
fn page<T>(
    items: Vec<T>,
    listing: Listing,
    order: Order,
    place: impl Fn(&T) -> Place,
    next_token: Option<&str>,
    max_results: Option<i64>,
    now_ms: i64,
) -> Result<(Vec<T>, Option<String>), ApiError> {
    let after = next_token
        .map(|text| Token::read(text, listing, now_ms))
        .transpose()?;
    let mut placed: Vec<(Place, T)> = items.into_iter().map(|t| (place(&t), t)).collect();
    placed.sort_by(|a, b| order.compare(&a.0, &b.0));
    let start = after.map_or(0, |token| {
        placed.partition_point(|(p, _)| order.compare(p, &token.after) != Ordering::Greater)
    });
    let size = match max_results {
        None | Some(0) => DEFAULT_PAGE,
        Some(n) => usize::try_from(n).unwrap_or(DEFAULT_PAGE),
    };
    let end = start.saturating_add(size).min(placed.len());
    let next = (end < placed.len())
        .then(|| placed.get(end.wrapping_sub(1)))
        .flatten()
        .map(|(last, _)| {
            Token {
                listing,
                issued_ms: now_ms,
                after: last.clone(),
            }
            .write()
        });
    let rows = placed
        .into_iter()
        .skip(start)
        .take(end.saturating_sub(start))
        .map(|(_, t)| t)
        .collect();
    Ok((rows, next))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const NOW: i64 = 1_767_225_600_000;

    /// Every row of `items` in `listing`, paged `size` at a time, with `between` run on the
    /// items before each page after the first.
    fn all_pages(
        mut items: Vec<i64>,
        order: Order,
        size: i64,
        mut between: impl FnMut(&mut Vec<i64>, usize),
    ) -> Vec<i64> {
        let listing = Listing::of("executions", &Map::new());
        let mut seen = Vec::new();
        let mut token: Option<String> = None;
        for round in 0.. {
            if round > 0 {
                between(&mut items, round);
            }
            let (rows, next) = page(
                items.clone(),
                listing,
                order,
                |n| Place::number(*n),
                token.as_deref(),
                Some(size),
                NOW,
            )
            .unwrap();
            seen.extend(rows);
            match next {
                Some(next) => token = Some(next),
                None => return seen,
            }
        }
        seen
    }

    #[test]
    fn rows_added_and_removed_between_pages_repeat_and_skip_nothing_that_stays() {
        // Newest first, as executions are listed: 100 rows, 7 a page, and before each page
        // three newer rows are added and one of the rows still ahead is removed.
        let mut newest = 100;
        let mut removed = Vec::new();
        let seen = all_pages((1..=100).collect(), Order::Descending, 7, |items, round| {
            for _ in 0..3 {
                newest += 1;
                items.push(newest);
            }
            let victim = 100 - (round as i64) * 9;
            if victim > 0 {
                items.retain(|n| *n != victim);
                removed.push(victim);
            }
        });
        let mut distinct = seen.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), seen.len(), "a row listed twice: {seen:?}");
        for n in 1..=100 {
            assert!(
                seen.contains(&n) || removed.contains(&n),
                "{n} stayed and was missed"
            );
        }
        assert!(seen.iter().all(|n| *n <= 100), "newer rows are not listed");
        // In order, newest first.
        assert!(seen.windows(2).all(|w| w[0] > w[1]));
    }

    #[test]
    fn names_are_listed_in_their_order_and_rows_past_the_token_appear() {
        let listing = Listing::of("stateMachines", &Map::new());
        let names = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<String>>();
        let (first, next) = page(
            names(&["b", "d", "a"]),
            listing,
            Order::Ascending,
            |n| Place::text(n.clone()),
            None,
            Some(2),
            NOW,
        )
        .unwrap();
        assert_eq!(first, ["a", "b"]);
        // `a` removed, `c` and `0` added: `c` is past `b`, `0` is not.
        let (second, next) = page(
            names(&["b", "d", "c", "0"]),
            listing,
            Order::Ascending,
            |n| Place::text(n.clone()),
            next.as_deref(),
            Some(2),
            NOW,
        )
        .unwrap();
        assert_eq!(second, ["c", "d"]);
        assert_eq!(next, None);
    }

    #[test]
    fn a_token_of_another_listing_expired_from_the_future_or_garbage_is_invalid() {
        let listing = Listing::of("executions", &Map::new());
        let token = |issued_ms| {
            Token {
                listing,
                issued_ms,
                after: Place::number(5),
            }
            .write()
        };
        let read = |text: &str, listing| Token::read(text, listing, NOW);
        assert_eq!(
            read(&token(NOW - 1000), listing).map(|t| t.after),
            Ok(Place::number(5))
        );
        let mut filtered = Map::new();
        filtered.insert("statusFilter".into(), json!("RUNNING"));
        let other_arguments = Listing::of("executions", &filtered);
        for (text, listing) in [
            (token(NOW), Listing::of("activities", &Map::new())),
            (token(NOW), other_arguments),
            (token(NOW - TOKEN_LIFETIME_MS - 1), listing),
            (token(NOW + 3_600_000), listing),
            ("garbage".to_owned(), listing),
            ("5".to_owned(), listing),
        ] {
            assert_eq!(
                read(&text, listing).map(|t| t.after).unwrap_err().name,
                "InvalidToken",
                "{text}"
            );
        }
    }

    #[test]
    fn max_results_zero_or_none_is_a_hundred_and_the_last_page_has_no_token() {
        let listing = Listing::of("events", &Map::new());
        let items: Vec<i64> = (1..=250).collect();
        let by_number = |n: &i64| Place::number(*n);
        let (first, next) = page(
            items.clone(),
            listing,
            Order::Ascending,
            by_number,
            None,
            Some(0),
            NOW,
        )
        .unwrap();
        assert_eq!(first.len(), 100);
        let (second, next) = page(
            items.clone(),
            listing,
            Order::Ascending,
            by_number,
            next.as_deref(),
            None,
            NOW,
        )
        .unwrap();
        assert_eq!(second.first(), Some(&101));
        let (third, next) = page(
            items,
            listing,
            Order::Ascending,
            by_number,
            next.as_deref(),
            Some(1000),
            NOW,
        )
        .unwrap();
        assert_eq!((third.len(), next), (50, None));
    }
}
