//! Dates and integers in pictures: `$fromMillis`, `$toMillis`, `$now` (XPath's date/time
//! picture strings), `$formatInteger` and `$parseInteger` (decimal, letters, roman numerals,
//! words), ported from the JSONata reference implementation. Calendar arithmetic is UTC and
//! proleptic Gregorian, in integers.

use super::super::evaluator::{Evaluator, json_text};
use super::super::value::V;
use super::super::work::Work;
use crate::JsonataError;
use workflow_text::calendar::{civil_from_days, days_from_civil};

type R<'a> = Result<V<'a>, JsonataError>;

// ---- calendar ---------------------------------------------------------------------------------

const MILLIS_PER_DAY: i64 = 86_400_000;

/// `Date.UTC(year, month0, day, h, m, s, ms)` with JavaScript's overflow handling.
fn date_utc(y: i64, m0: i64, d: i64, h: i64, mi: i64, s: i64, ms: i64) -> i64 {
    let y = y + m0.div_euclid(12);
    let m0 = m0.rem_euclid(12);
    // `m0` is 0–11 here.
    let days = days_from_civil(y, (m0 + 1) as u32, 1) + (d - 1);
    days * MILLIS_PER_DAY + h * 3_600_000 + mi * 60_000 + s * 1000 + ms
}

/// The UTC fields of an instant.
#[derive(Clone, Copy)]
struct Fields {
    year: i64,
    month0: i64,
    day: i64,
    hour: i64,
    minute: i64,
    second: i64,
    millis: i64,
    /// 0 = Sunday, as `getUTCDay`.
    weekday: i64,
    time: i64,
}

fn fields(millis: i64) -> Fields {
    let days = millis.div_euclid(MILLIS_PER_DAY);
    let rem = millis.rem_euclid(MILLIS_PER_DAY);
    let (y, m, d) = civil_from_days(days);
    Fields {
        year: y,
        month0: i64::from(m) - 1,
        day: i64::from(d),
        hour: rem / 3_600_000,
        minute: rem / 60_000 % 60,
        second: rem / 1000 % 60,
        millis: rem % 1000,
        weekday: (days + 4).rem_euclid(7),
        time: millis,
    }
}

fn start_of_first_week(year: i64, month0: i64) -> i64 {
    let jan1 = date_utc(year, month0, 1, 0, 0, 0, 0);
    let mut day = fields(jan1).weekday;
    if day == 0 {
        day = 7;
    }
    if day > 4 {
        jan1 + (8 - day) * MILLIS_PER_DAY
    } else {
        jan1 - (day - 1) * MILLIS_PER_DAY
    }
}

fn delta_weeks(start: i64, end: i64) -> f64 {
    (end - start) as f64 / (MILLIS_PER_DAY * 7) as f64 + 1.0
}

/// A component's value (`Y`, `M`, `D`, `d`, `F`, `W`, `w`, `X`, `x`, `H`, `h`, `m`, `s`, `f`);
/// `P`, `C`, `E` are names.
fn fragment(f: &Fields, component: char) -> Option<i64> {
    Some(match component {
        'Y' => f.year,
        'M' => f.month0 + 1,
        'D' => f.day,
        'd' => {
            let today = date_utc(f.year, f.month0, f.day, 0, 0, 0, 0);
            let jan1 = date_utc(f.year, 0, 1, 0, 0, 0, 0);
            (today - jan1) / MILLIS_PER_DAY + 1
        }
        'F' => {
            if f.weekday == 0 {
                7
            } else {
                f.weekday
            }
        }
        'W' => {
            let start = start_of_first_week(f.year, 0);
            let today = date_utc(f.year, f.month0, f.day, 0, 0, 0, 0);
            let mut week = delta_weeks(start, today);
            if week > 52.0 {
                if today >= start_of_first_week(f.year + 1, 0) {
                    week = 1.0;
                }
            } else if week < 1.0 {
                week = delta_weeks(start_of_first_week(f.year - 1, 0), today);
            }
            week.floor() as i64
        }
        'w' => {
            let start = start_of_first_week(f.year, f.month0);
            let today = date_utc(f.year, f.month0, f.day, 0, 0, 0, 0);
            let mut week = delta_weeks(start, today);
            let (ny, nm) = if f.month0 == 11 {
                (f.year + 1, 0)
            } else {
                (f.year, f.month0 + 1)
            };
            let (py, pm) = if f.month0 == 0 {
                (f.year - 1, 11)
            } else {
                (f.year, f.month0 - 1)
            };
            if week > 4.0 {
                if today >= start_of_first_week(ny, nm) {
                    week = 1.0;
                }
            } else if week < 1.0 {
                week = delta_weeks(start_of_first_week(py, pm), today);
            }
            week.floor() as i64
        }
        'X' => {
            let start = start_of_first_week(f.year, 0);
            let end = start_of_first_week(f.year + 1, 0);
            if f.time < start {
                f.year - 1
            } else if f.time >= end {
                f.year + 1
            } else {
                f.year
            }
        }
        'x' => {
            let start = start_of_first_week(f.year, f.month0);
            let (ny, nm) = if f.month0 == 11 {
                (f.year + 1, 0)
            } else {
                (f.year, f.month0 + 1)
            };
            let end = start_of_first_week(ny, nm);
            if f.time < start {
                (if f.month0 == 0 { 11 } else { f.month0 - 1 }) + 1
            } else if f.time >= end {
                nm + 1
            } else {
                f.month0 + 1
            }
        }
        'H' => f.hour,
        'h' => {
            let h = f.hour % 12;
            if h == 0 { 12 } else { h }
        }
        'm' => f.minute,
        's' => f.second,
        'f' => f.millis,
        _ => return None,
    })
}

// ---- integers --------------------------------------------------------------------------------

const FEW: [&str; 20] = [
    "Zero",
    "One",
    "Two",
    "Three",
    "Four",
    "Five",
    "Six",
    "Seven",
    "Eight",
    "Nine",
    "Ten",
    "Eleven",
    "Twelve",
    "Thirteen",
    "Fourteen",
    "Fifteen",
    "Sixteen",
    "Seventeen",
    "Eighteen",
    "Nineteen",
];
const ORDINALS: [&str; 20] = [
    "Zeroth",
    "First",
    "Second",
    "Third",
    "Fourth",
    "Fifth",
    "Sixth",
    "Seventh",
    "Eighth",
    "Ninth",
    "Tenth",
    "Eleventh",
    "Twelfth",
    "Thirteenth",
    "Fourteenth",
    "Fifteenth",
    "Sixteenth",
    "Seventeenth",
    "Eighteenth",
    "Nineteenth",
];
const DECADES: [&str; 9] = [
    "Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety", "Hundred",
];
const MAGNITUDES: [&str; 4] = ["Thousand", "Million", "Billion", "Trillion"];

/// The reference's `numberToWords` (its `lookup`), on JavaScript's numbers: `num` is a whole
/// number, at most about 1.8e308, where every magnitude past a trillion is written as
/// trillions of trillions (`1e46` is "ten billion trillion trillion trillion"). Only finite
/// numbers reach here (see [`integer_work`]); the recursion is about two levels per factor of
/// 10^12, so at most some sixty.
fn words(num: f64, prev: bool, ord: bool) -> String {
    if num <= 19.0 {
        // `num` is a whole number from 0 to 19 here.
        let index = num as usize;
        let w = if ord { ORDINALS[index] } else { FEW[index] };
        return format!("{}{w}", if prev { " and " } else { "" });
    }
    if num < 100.0 {
        let tens = (num / 10.0).floor() as usize;
        let rem = num % 10.0;
        let mut w = format!("{}{}", if prev { " and " } else { "" }, DECADES[tens - 2]);
        if rem > 0.0 {
            w.push('-');
            w.push_str(&words(rem, false, ord));
        } else if ord {
            w.pop();
            w.push_str("ieth");
        }
        return w;
    }
    if num < 1000.0 {
        let hundreds = (num / 100.0).floor() as usize;
        let rem = num % 100.0;
        let mut w = format!("{}{} Hundred", if prev { ", " } else { "" }, FEW[hundreds]);
        if rem > 0.0 {
            w.push_str(&words(rem, true, ord));
        } else if ord {
            w.push_str("th");
        }
        return w;
    }
    let mut mag = (num.log10() / 3.0).floor();
    if mag > MAGNITUDES.len() as f64 {
        mag = MAGNITUDES.len() as f64;
    }
    let factor = 10f64.powf(mag * 3.0);
    let mant = (num / factor).floor();
    let rem = num - mant * factor;
    // `mag` is 1 to 4 here.
    let mut w = format!(
        "{}{} {}",
        if prev { ", " } else { "" },
        words(mant, false, false),
        MAGNITUDES[mag as usize - 1]
    );
    if rem > 0.0 {
        w.push_str(&words(rem, true, ord));
    } else if ord {
        w.push_str("th");
    }
    w
}

fn word_value(word: &str) -> Option<i64> {
    for (i, w) in FEW.iter().enumerate() {
        if w.eq_ignore_ascii_case(word) {
            return Some(i as i64);
        }
    }
    for (i, w) in ORDINALS.iter().enumerate() {
        if w.eq_ignore_ascii_case(word) {
            return Some(i as i64);
        }
    }
    for (i, w) in DECADES.iter().enumerate() {
        let lw = w.to_lowercase();
        let v = (i as i64 + 2) * 10;
        if lw == word {
            return Some(v);
        }
        if format!("{}ieth", &lw[..lw.len() - 1]) == word {
            return Some(v);
        }
    }
    if word == "hundredth" {
        return Some(100);
    }
    for (i, w) in MAGNITUDES.iter().enumerate() {
        let lw = w.to_lowercase();
        let v = 10i64.pow(((i + 1) * 3) as u32);
        if lw == word || format!("{lw}th") == word {
            return Some(v);
        }
    }
    None
}

fn words_to_number(text: &str) -> f64 {
    let mut parts: Vec<String> = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        // The rest is compared in place: collecting it at every character made a long text
        // quadratic (`$parseInteger` of 100,000 characters ran past 10 s).
        let rest = &chars[i..];
        if rest.starts_with(&[',', ' ']) {
            parts.push(std::mem::take(&mut current));
            i += 2;
        } else if rest.starts_with(&[' ', 'a', 'n', 'd', ' ']) {
            parts.push(std::mem::take(&mut current));
            i += 5;
        } else if chars[i].is_whitespace() || chars[i] == '-' {
            parts.push(std::mem::take(&mut current));
            i += 1;
        } else {
            current.push(chars[i]);
            i += 1;
        }
    }
    parts.push(current);
    let mut segs: Vec<f64> = vec![0.0];
    for part in parts {
        let Some(value) = word_value(&part) else {
            return f64::NAN;
        };
        let value = value as f64;
        if value < 100.0 {
            let mut top = segs.pop().unwrap_or(0.0);
            if top >= 1000.0 {
                segs.push(top);
                top = 0.0;
            }
            segs.push(top + value);
        } else {
            let top = segs.pop().unwrap_or(0.0);
            segs.push(top * value);
        }
    }
    segs.iter().sum()
}

const ROMAN: [(u64, &str); 13] = [
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
];

/// The reference's `decimalToRoman`: the greatest numeral first, again and again. A
/// thousand's `m`s are written at once; what is left is below a thousand (a whole number no
/// larger than [`integer_work`] admitted).
fn to_roman(mut value: f64) -> String {
    let mut out = String::new();
    if value >= 1000.0 {
        let thousands = (value / 1000.0).floor();
        // Admitted: at most the memory limit's characters.
        out.push_str(&"m".repeat(thousands as usize));
        value -= thousands * 1000.0;
    }
    for (v, s) in ROMAN {
        let v = v as f64;
        while value >= v {
            out.push_str(s);
            value -= v;
        }
    }
    out
}

fn from_roman(roman: &str) -> i64 {
    let mut decimal = 0;
    let mut max = 1;
    for c in roman.chars().rev() {
        let v = match c {
            'M' => 1000,
            'D' => 500,
            'C' => 100,
            'L' => 50,
            'X' => 10,
            'V' => 5,
            'I' => 1,
            _ => 0,
        };
        if v < max {
            decimal -= v;
        } else {
            max = v;
            decimal += v;
        }
    }
    decimal
}

/// The reference's `decimalToLetters` (spreadsheet columns: `a` … `z`, `aa` …), on
/// JavaScript's numbers; only a finite `value` reaches here (see [`integer_work`]).
fn to_letters(mut value: f64, a: char) -> String {
    let mut letters = Vec::new();
    while value > 0.0 {
        // A whole number from 0 to 25.
        let offset = ((value - 1.0) % 26.0) as u32;
        letters.push(char::from_u32(offset + a as u32).unwrap_or(a));
        value = ((value - 1.0) / 26.0).floor();
    }
    letters.iter().rev().collect()
}

fn from_letters(letters: &str, a: char) -> f64 {
    let mut decimal = 0.0;
    for (i, c) in letters.chars().rev().enumerate() {
        decimal += (c as i64 - a as i64 + 1) as f64 * 26f64.powi(i as i32);
    }
    decimal
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Primary {
    Decimal,
    Letters,
    Roman,
    Words,
    Sequence,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Case {
    Upper,
    Lower,
    Title,
}

#[derive(Clone, Debug)]
struct Separator {
    position: usize,
    character: char,
}

#[derive(Clone, Debug)]
struct IntFormat {
    primary: Primary,
    case: Case,
    ordinal: bool,
    zero: u32,
    mandatory: usize,
    optional: usize,
    regular: Option<Separator>,
    separators: Vec<Separator>,
    token: String,
    /// `n` of a date component (the width), for parsing.
    n: i64,
}

const DECIMAL_GROUPS: [u32; 37] = [
    0x30, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6,
    0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80,
    0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0,
    0xFF10,
];

fn analyse_integer(picture: &str) -> Result<IntFormat, JsonataError> {
    let mut f = IntFormat {
        primary: Primary::Decimal,
        case: Case::Lower,
        ordinal: false,
        zero: 0x30,
        mandatory: 0,
        optional: 0,
        regular: None,
        separators: Vec::new(),
        token: String::new(),
        n: -1,
    };
    let primary = match picture.rfind(';') {
        Some(i) => {
            if picture[i + 1..].starts_with('o') {
                f.ordinal = true;
            }
            &picture[..i]
        }
        None => picture,
    };
    match primary {
        "A" => {
            f.case = Case::Upper;
            f.primary = Primary::Letters;
        }
        "a" => f.primary = Primary::Letters,
        "I" => {
            f.case = Case::Upper;
            f.primary = Primary::Roman;
        }
        "i" => f.primary = Primary::Roman,
        "W" => {
            f.case = Case::Upper;
            f.primary = Primary::Words;
        }
        "Ww" => {
            f.case = Case::Title;
            f.primary = Primary::Words;
        }
        "w" => f.primary = Primary::Words,
        _ => {
            let mut zero: Option<u32> = None;
            let mut position = 0;
            let mut separators = Vec::new();
            for c in primary.chars().rev() {
                let code = c as u32;
                if let Some(group) = DECIMAL_GROUPS.iter().find(|&&g| code >= g && code <= g + 9) {
                    f.mandatory += 1;
                    position += 1;
                    match zero {
                        None => zero = Some(*group),
                        Some(z) if z != *group => return Err(JsonataError::new("D3131")),
                        _ => {}
                    }
                } else if c == '#' {
                    position += 1;
                    f.optional += 1;
                } else {
                    separators.push(Separator {
                        position,
                        character: c,
                    });
                }
            }
            if f.mandatory > 0 {
                f.zero = zero.unwrap_or(0x30);
                let same_char = separators
                    .first()
                    .is_some_and(|s0| separators.iter().all(|s| s.character == s0.character));
                let positions: Vec<usize> = separators.iter().map(|s| s.position).collect();
                let regular = if same_char {
                    super::numbers::regular(&positions)
                } else {
                    0
                };
                if regular > 0 {
                    f.regular = Some(Separator {
                        position: regular,
                        character: separators[0].character,
                    });
                } else {
                    f.separators = separators;
                }
            } else {
                f.primary = Primary::Sequence;
                f.token = primary.to_owned();
            }
        }
    }
    Ok(f)
}

/// What formatting `value` with `f` takes, before it is done (see `work`): roman numerals
/// hold a thousandth of the number, letters one per power of 26; words of NaN or an infinity
/// never end (the reference recurses until its stack overflows).
fn integer_work(value: f64, f: &IntFormat) -> Work {
    let v = value.abs();
    match f.primary {
        Primary::Roman if v >= 1000.0 => Work::text(v / 1000.0),
        Primary::Letters if v.is_infinite() => Work::text(f64::INFINITY),
        Primary::Words if !v.is_finite() => Work::endless_recursion(),
        _ => Work::text(0.0),
    }
}

/// The reference's `_formatInteger` on JavaScript's numbers (the whole number `value`, or
/// NaN: a component of an invalid date), its work admitted first ([`integer_work`]): a
/// decimal picture writes the number as JavaScript's `String(n)` does (`1e+21` from 10^21
/// up), then pads, maps the digits and groups them.
fn format_int(ev: &Evaluator<'_, '_>, value: f64, f: &IntFormat) -> Result<String, JsonataError> {
    ev.admit(integer_work(value, f))?;
    let negative = value < 0.0;
    let v = value.abs();
    let mut s = match f.primary {
        Primary::Letters => to_letters(v, if f.case == Case::Upper { 'A' } else { 'a' }),
        Primary::Roman => {
            let r = to_roman(v);
            if f.case == Case::Upper {
                r.to_uppercase()
            } else {
                r
            }
        }
        Primary::Words => {
            let w = words(v, false, f.ordinal);
            match f.case {
                Case::Upper => w.to_uppercase(),
                Case::Lower => w.to_lowercase(),
                Case::Title => w,
            }
        }
        Primary::Decimal => {
            let mut s = crate::number_text(v);
            let pad = f.mandatory as i64 - s.len() as i64;
            if pad > 0 {
                s = "0".repeat(pad as usize) + &s;
            }
            if f.zero != 0x30 {
                s = s
                    .chars()
                    .map(|c| char::from_u32(c as u32 + f.zero - 0x30).unwrap_or(c))
                    .collect();
            }
            let mut chars: Vec<char> = s.chars().collect();
            match &f.regular {
                Some(sep) if sep.position > 0 => {
                    let n = (chars.len().saturating_sub(1)) / sep.position;
                    for i in (1..=n).rev() {
                        let pos = chars.len() - i * sep.position;
                        chars.insert(pos, sep.character);
                    }
                }
                _ => {
                    for sep in f.separators.iter().rev() {
                        let pos = chars.len().saturating_sub(sep.position);
                        chars.insert(pos, sep.character);
                    }
                }
            }
            let mut s: String = chars.into_iter().collect();
            if f.ordinal {
                let bytes: Vec<char> = s.chars().collect();
                let last = bytes.last().copied();
                let second = if bytes.len() > 1 {
                    bytes.get(bytes.len() - 2).copied()
                } else {
                    None
                };
                let suffix = match (last, second) {
                    (_, Some('1')) => "th",
                    (Some('1'), _) => "st",
                    (Some('2'), _) => "nd",
                    (Some('3'), _) => "rd",
                    _ => "th",
                };
                s.push_str(suffix);
            }
            s
        }
        Primary::Sequence => {
            return Err(JsonataError::new("D3130").value(json_text(&V::str(f.token.as_str()))));
        }
    };
    if negative {
        s = format!("-{s}");
    }
    Ok(s)
}

pub(super) fn format_integer_fn<'a>(ev: &Evaluator<'a, '_>, value: V<'a>, picture: V<'a>) -> R<'a> {
    let V::Num(n) = value else {
        return Ok(V::Undef);
    };
    let V::Str(p) = picture else {
        return Ok(V::Undef);
    };
    let f = analyse_integer(&p)?;
    Ok(V::str(format_int(ev, n.floor(), &f)?))
}

/// A parser for one integer format: a pattern and how to read what it matched.
fn integer_matcher(f: &IntFormat) -> Result<String, JsonataError> {
    let upper = f.case == Case::Upper;
    let occurrences = if f.n > 0 {
        if f.optional == 0 {
            format!("{{{}}}", f.n)
        } else {
            format!("{{{},{}}}", f.n - f.optional as i64, f.n)
        }
    } else {
        "+".to_owned()
    };
    Ok(match f.primary {
        Primary::Letters => if upper { "[A-Z]+" } else { "[a-z]+" }.to_owned(),
        Primary::Roman => if upper { "[MDCLXVI]+" } else { "[mdclxvi]+" }.to_owned(),
        Primary::Words => {
            let mut words: Vec<String> = FEW.iter().map(|w| w.to_lowercase()).collect();
            words.extend(ORDINALS.iter().map(|w| w.to_lowercase()));
            for d in DECADES {
                let lw = d.to_lowercase();
                words.push(format!("{}ieth", &lw[..lw.len() - 1]));
                words.push(lw);
            }
            words.push("hundredth".into());
            for m in MAGNITUDES {
                let lw = m.to_lowercase();
                words.push(format!("{lw}th"));
                words.push(lw);
            }
            words.push("and".into());
            words.push("[\\-, ]".into());
            format!("(?:{})+", words.join("|"))
        }
        Primary::Decimal => {
            let mut r = format!("[0-9]{occurrences}");
            if f.ordinal {
                r.push_str("(?:th|st|nd|rd)");
            }
            r
        }
        Primary::Sequence => {
            return Err(JsonataError::new("D3130").value(json_text(&V::str(f.token.as_str()))));
        }
    })
}

fn parse_int(text: &str, f: &IntFormat) -> f64 {
    let upper = f.case == Case::Upper;
    match f.primary {
        Primary::Letters => from_letters(text, if upper { 'A' } else { 'a' }),
        Primary::Roman => from_roman(&if upper {
            text.to_owned()
        } else {
            text.to_uppercase()
        }) as f64,
        Primary::Words => words_to_number(&text.to_lowercase()),
        Primary::Decimal => {
            let mut digits = text.to_owned();
            if f.ordinal && digits.len() >= 2 {
                digits.truncate(digits.len() - 2);
            }
            match &f.regular {
                Some(_) => digits = digits.replace(',', ""),
                None => {
                    for s in &f.separators {
                        digits = digits.replace(s.character, "");
                    }
                }
            }
            if f.zero != 0x30 {
                digits = digits
                    .chars()
                    .map(|c| char::from_u32(c as u32 + 0x30 - f.zero).unwrap_or(c))
                    .collect();
            }
            let lead: String = digits
                .trim_start()
                .chars()
                .enumerate()
                .take_while(|(i, c)| c.is_ascii_digit() || (*i == 0 && (*c == '-' || *c == '+')))
                .map(|(_, c)| c)
                .collect();
            lead.parse::<f64>().unwrap_or(f64::NAN)
        }
        Primary::Sequence => f64::NAN,
    }
}

pub(super) fn parse_integer_fn<'a>(value: V<'a>, picture: V<'a>) -> R<'a> {
    let V::Str(s) = value else {
        return Ok(V::Undef);
    };
    let V::Str(p) = picture else {
        return Ok(V::Undef);
    };
    let f = analyse_integer(&p)?;
    integer_matcher(&f)?;
    Ok(V::Num(parse_int(&s, &f)))
}

// ---- date/time pictures ------------------------------------------------------------------------

#[derive(Clone, Debug)]
enum Part {
    Literal(String),
    Marker(Marker),
}

#[derive(Clone, Debug)]
struct Marker {
    component: char,
    presentation1: String,
    presentation2: Option<char>,
    names: Option<Case>,
    integer: Option<IntFormat>,
    width_min: Option<i64>,
    width_max: Option<i64>,
    n: i64,
}

fn default_presentation(c: char) -> Option<&'static str> {
    Some(match c {
        'Y' | 'M' | 'D' | 'd' | 'W' | 'w' | 'X' | 'x' | 'H' | 'h' | 'f' => "1",
        'F' | 'P' | 'C' | 'E' => "n",
        'm' | 's' => "01",
        'Z' | 'z' => "01:01",
        _ => return None,
    })
}

fn analyse_datetime(picture: &str) -> Result<Vec<Part>, JsonataError> {
    let chars: Vec<char> = picture.chars().collect();
    let mut parts = Vec::new();
    let add_literal = |parts: &mut Vec<Part>, from: usize, to: usize| {
        if to > from {
            let lit: String = chars[from..to].iter().collect();
            parts.push(Part::Literal(lit.replace("]]", "]")));
        }
    };
    let (mut start, mut pos) = (0, 0);
    while pos < chars.len() {
        if chars[pos] == '[' {
            if chars.get(pos + 1) == Some(&'[') {
                add_literal(&mut parts, start, pos);
                parts.push(Part::Literal("[".into()));
                pos += 2;
                start = pos;
                continue;
            }
            add_literal(&mut parts, start, pos);
            start = pos;
            let Some(end) = chars[start..]
                .iter()
                .position(|&c| c == ']')
                .map(|i| i + start)
            else {
                return Err(JsonataError::new("D3135"));
            };
            pos = end;
            let marker: String = chars[start + 1..end]
                .iter()
                .filter(|c| !c.is_whitespace())
                .collect();
            let mchars: Vec<char> = marker.chars().collect();
            let component = mchars.first().copied().unwrap_or(' ');
            let (pres, width_min, width_max) = match marker.rfind(',') {
                Some(comma) => {
                    let width = &marker[comma + 1..];
                    let (min, max) = match width.find('-') {
                        Some(d) => (&width[..d], Some(&width[d + 1..])),
                        None => (width, None),
                    };
                    let parse = |w: Option<&str>| -> Option<i64> {
                        match w {
                            None | Some("*") => None,
                            Some(w) => {
                                let digits: String =
                                    w.chars().take_while(|c| c.is_ascii_digit()).collect();
                                digits.parse().ok()
                            }
                        }
                    };
                    (
                        marker[component.len_utf8()..comma].to_owned(),
                        parse(Some(min)),
                        parse(max),
                    )
                }
                None => (
                    marker[component.len_utf8().min(marker.len())..].to_owned(),
                    None,
                    None,
                ),
            };
            let mut m = Marker {
                component,
                presentation1: String::new(),
                presentation2: None,
                names: None,
                integer: None,
                width_min,
                width_max,
                n: -1,
            };
            let pchars: Vec<char> = pres.chars().collect();
            if pchars.len() == 1 {
                m.presentation1 = pres.clone();
            } else if pchars.len() > 1 {
                let last = pchars[pchars.len() - 1];
                if "atco".contains(last) {
                    m.presentation2 = Some(last);
                    m.presentation1 = pchars[..pchars.len() - 1].iter().collect();
                } else {
                    m.presentation1 = pres.clone();
                }
            } else {
                match default_presentation(component) {
                    Some(p) => m.presentation1 = p.to_owned(),
                    None => {
                        return Err(JsonataError::new("D3132")
                            .value(json_text(&V::str(component.to_string()))));
                    }
                }
            }
            let p1: Vec<char> = m.presentation1.chars().collect();
            if p1.first() == Some(&'n') {
                m.names = Some(Case::Lower);
            } else if p1.first() == Some(&'N') {
                m.names = Some(if p1.get(1) == Some(&'n') {
                    Case::Title
                } else {
                    Case::Upper
                });
            } else if "YMDdFWwXxHhmsf".contains(component) {
                let mut pattern = m.presentation1.clone();
                if let Some(p2) = m.presentation2 {
                    pattern.push(';');
                    pattern.push(p2);
                }
                let mut f = analyse_integer(&pattern)?;
                if let Some(min) = m.width_min
                    && (f.mandatory as i64) < min
                {
                    f.mandatory = min as usize;
                }
                if "YMD".contains(component) {
                    m.n = -1;
                    if let Some(max) = m.width_max {
                        m.n = max;
                        f.mandatory = max as usize;
                    } else {
                        let w = f.mandatory + f.optional;
                        if w >= 2 {
                            m.n = w as i64;
                        }
                    }
                }
                m.integer = Some(f);
            }
            if component == 'Z' || component == 'z' {
                m.integer = Some(analyse_integer(&m.presentation1)?);
            }
            parts.push(Part::Marker(m));
            start = pos + 1;
        }
        pos += 1;
    }
    add_literal(&mut parts, start, pos.min(chars.len()));
    Ok(parts)
}

const DAYS: [&str; 8] = [
    "",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The most milliseconds from the epoch a JavaScript `Date` holds, either way: ECMA-262's
/// time range (`TimeClip`, 100,000,000 days). JSONata's dates are JavaScript's, so an instant
/// past it is an invalid date, whose components JSONata 2.0.6 writes as `NaN`.
const MAX_TIME_VALUE: f64 = 8.64e15;

/// JavaScript's `parseInt(text)` (base 10): the optional sign and digits after leading white
/// space, as a number (so any length of digits reads, as a double); NaN without digits.
fn parse_int_js(text: &str) -> f64 {
    let t = text.trim_start();
    let (sign, rest) = match t.as_bytes().first() {
        Some(b'-') => (-1.0, &t[1..]),
        Some(b'+') => (1.0, &t[1..]),
        _ => (1.0, t),
    };
    let digits: &str = &rest[..rest.bytes().take_while(u8::is_ascii_digit).count()];
    if digits.is_empty() {
        return f64::NAN;
    }
    sign * digits.parse::<f64>().unwrap_or(f64::NAN)
}

/// The reference's `formatDateTime`, on JavaScript's numbers: the time zone's offset read with
/// `parseInt` (NaN when it has no digits), added to the instant, and each component of the
/// date at that instant formatted; an instant outside [`MAX_TIME_VALUE`] (or NaN) is an invalid
/// date.
fn format_datetime(
    ev: &Evaluator<'_, '_>,
    millis: f64,
    picture: Option<&str>,
    timezone: Option<&str>,
) -> Result<String, JsonataError> {
    let (mut oh, mut om) = (0.0, 0.0);
    if let Some(tz) = timezone {
        let offset = parse_int_js(tz);
        // As JavaScript computes them: Math.floor(offset / 100) and offset % 100.
        oh = (offset / 100.0).floor();
        om = offset % 100.0;
    }
    let parts = analyse_datetime(
        picture.unwrap_or("[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z01:01t]"),
    )?;
    let offset_millis = (60.0 * oh + om) * 60.0 * 1000.0;
    let instant = millis + offset_millis;
    // `new Date(instant)`: TimeClip, then truncated toward zero (a whole number of
    // milliseconds well inside an i64).
    let f = (instant.abs() <= MAX_TIME_VALUE).then(|| fields(instant.trunc() as i64));
    let mut out = String::new();
    for part in &parts {
        match part {
            Part::Literal(l) => out.push_str(l),
            Part::Marker(m) => out.push_str(&format_component(ev, f.as_ref(), m, oh, om)?),
        }
    }
    Ok(out)
}

/// One component of a date (`None`: an invalid date, whose numbers are NaN and whose names
/// are JavaScript's `undefined`, as the reference writes them).
fn format_component(
    ev: &Evaluator<'_, '_>,
    f: Option<&Fields>,
    m: &Marker,
    oh: f64,
    om: f64,
) -> Result<String, JsonataError> {
    let c = m.component;
    if "YMDdFWwXxHhms".contains(c) {
        let mut value = f
            .and_then(|f| fragment(f, c))
            .map_or(f64::NAN, |v| v as f64);
        if c == 'Y' && m.n != -1 {
            value %= 10f64.powf(m.n as f64);
        }
        if let Some(case) = m.names {
            let name = if c == 'M' || c == 'x' {
                (value.is_finite() && (1.0..=12.0).contains(&value))
                    .then(|| MONTHS[value as usize - 1])
            } else if c == 'F' {
                (value.is_finite() && (0.0..=7.0).contains(&value)).then(|| DAYS[value as usize])
            } else {
                return Err(JsonataError::new("D3133").value(json_text(&V::str(c.to_string()))));
            };
            let mut name = name.unwrap_or("undefined").to_owned();
            name = match case {
                Case::Upper => name.to_uppercase(),
                Case::Lower => name.to_lowercase(),
                Case::Title => name,
            };
            if let Some(max) = m.width_max
                && name.chars().count() as i64 > max
            {
                name = name.chars().take(max.max(0) as usize).collect();
            }
            return Ok(name);
        }
        return match &m.integer {
            Some(fmt) => format_int(ev, value, fmt),
            None => Ok(crate::number_text(value)),
        };
    }
    match c {
        'f' => {
            let millis = f.map_or(f64::NAN, |f| f.millis as f64);
            match &m.integer {
                Some(fmt) => format_int(ev, millis, fmt),
                None => Ok(crate::number_text(millis)),
            }
        }
        'Z' | 'z' => {
            let offset = oh * 100.0 + om;
            let Some(fmt) = &m.integer else {
                return Ok(String::new());
            };
            let mut s = if fmt.regular.is_some() {
                format_int(ev, offset, fmt)?
            } else {
                match fmt.mandatory {
                    1 | 2 => {
                        let mut s = format_int(ev, oh, fmt)?;
                        if om != 0.0 {
                            s.push(':');
                            // The reference's `formatInteger(offsetMinutes, '00')`.
                            s.push_str(&format_int(ev, om.floor(), &analyse_integer("00")?)?);
                        }
                        s
                    }
                    3 | 4 => format_int(ev, offset, fmt)?,
                    n => {
                        return Err(JsonataError::new("D3134").value(n.to_string()));
                    }
                }
            };
            if offset >= 0.0 {
                s = format!("+{s}");
            }
            if c == 'z' {
                s = format!("GMT{s}");
            }
            if offset == 0.0 && m.presentation2 == Some('t') {
                s = "Z".into();
            }
            Ok(s)
        }
        'P' => {
            // NaN hours are not 12 or more.
            let s = if f.is_some_and(|f| f.hour >= 12) {
                "pm"
            } else {
                "am"
            };
            Ok(if m.names == Some(Case::Upper) {
                s.to_uppercase()
            } else {
                s.to_owned()
            })
        }
        'C' | 'E' => Ok("ISO".into()),
        _ => Ok(String::new()),
    }
}

/// `$fromMillis(millis, picture, timezone)` (and `$now`, with the evaluation's clock).
pub(super) fn from_millis<'a>(
    ev: &Evaluator<'a, '_>,
    millis: V<'a>,
    picture: V<'a>,
    timezone: V<'a>,
) -> R<'a> {
    let V::Num(ms) = millis else {
        return Ok(V::Undef);
    };
    let picture = match &picture {
        V::Str(p) => Some(p.to_string()),
        _ => None,
    };
    let tz = match &timezone {
        V::Str(t) => Some(t.to_string()),
        _ => None,
    };
    Ok(V::str(format_datetime(
        ev,
        ms,
        picture.as_deref(),
        tz.as_deref(),
    )?))
}

/// JavaScript's `Date.parse` of the ISO 8601 forms `$toMillis` accepts.
fn parse_iso(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let digits = |from: usize, n: usize| -> Option<i64> {
        let t = s.get(from..from + n)?;
        if t.bytes().all(|c| c.is_ascii_digit()) {
            t.parse().ok()
        } else {
            None
        }
    };
    let year = digits(0, 4)?;
    let mut i = 4;
    let (mut month, mut day) = (1, 1);
    let (mut h, mut mi, mut sec, mut ms) = (0, 0, 0, 0);
    let mut has_time = false;
    if b.get(i) == Some(&b'-') {
        month = digits(i + 1, 2)?;
        i += 3;
        if b.get(i) == Some(&b'-') {
            day = digits(i + 1, 2)?;
            i += 3;
        }
    }
    if b.get(i) == Some(&b'T') {
        h = digits(i + 1, 2)?;
        if b.get(i + 3) != Some(&b':') {
            return None;
        }
        mi = digits(i + 4, 2)?;
        if b.get(i + 6) != Some(&b':') {
            return None;
        }
        sec = digits(i + 7, 2)?;
        i += 9;
        has_time = true;
        if b.get(i) == Some(&b'.') {
            let frac: String = s[i + 1..]
                .chars()
                .take_while(|c| c.is_ascii_digit())
                .collect();
            if frac.is_empty() {
                return None;
            }
            let three: String = format!("{frac:0<3}").chars().take(3).collect();
            ms = three.parse().ok()?;
            i += 1 + frac.len();
        }
    }
    let mut offset_minutes = 0;
    if i < b.len() {
        match b[i] {
            b'Z' => i += 1,
            b'+' | b'-' => {
                let sign = if b[i] == b'-' { -1 } else { 1 };
                let oh = digits(i + 1, 2)?;
                let (om, used) = if b.get(i + 3) == Some(&b':') {
                    (digits(i + 4, 2)?, 6)
                } else {
                    (digits(i + 3, 2)?, 5)
                };
                offset_minutes = sign * (oh * 60 + om);
                i += used;
            }
            _ => return None,
        }
    }
    if i != b.len() || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    if h > 24 || mi > 59 || sec > 59 {
        return None;
    }
    let _ = has_time;
    let millis = date_utc(year, month - 1, day, h, mi, sec, ms) - offset_minutes * 60_000;
    Some(millis as f64)
}

pub(super) fn to_millis<'a>(ev: &Evaluator<'a, '_>, text: V<'a>, picture: V<'a>) -> R<'a> {
    let V::Str(s) = text else { return Ok(V::Undef) };
    match picture {
        V::Str(p) => parse_datetime(ev, &s, &p),
        _ => match parse_iso(&s) {
            Some(ms) => Ok(V::Num(ms)),
            None => Err(JsonataError::new("D3110").value(json_text(&V::Str(s.clone())))),
        },
    }
}

/// How one marker reads its part of a timestamp.
enum Reader {
    Literal,
    Offset { separator: Option<char>, gmt: bool },
    Integer(IntFormat),
    Name(Vec<(String, i64)>),
}

fn parse_datetime<'a>(ev: &Evaluator<'a, '_>, text: &str, picture: &str) -> R<'a> {
    let parts = analyse_datetime(picture)?;
    let mut pattern = String::from("^");
    let mut readers: Vec<(char, Reader)> = Vec::new();
    for part in &parts {
        match part {
            Part::Literal(l) => {
                pattern.push('(');
                pattern.push_str(&regex::escape(l));
                pattern.push(')');
                readers.push((' ', Reader::Literal));
            }
            Part::Marker(m) if m.component == 'Z' || m.component == 'z' => {
                let separator = m
                    .integer
                    .as_ref()
                    .and_then(|f| f.regular.as_ref().map(|s| s.character));
                let mut r = String::new();
                if m.component == 'z' {
                    r.push_str("GMT");
                }
                r.push_str("[-+][0-9]+");
                if let Some(sep) = separator {
                    r.push_str(&regex::escape(&sep.to_string()));
                    r.push_str("[0-9]+");
                }
                pattern.push_str(&format!("({r})"));
                readers.push((
                    m.component,
                    Reader::Offset {
                        separator,
                        gmt: m.component == 'z',
                    },
                ));
            }
            Part::Marker(Marker {
                integer: Some(f),
                component,
                n,
                ..
            }) => {
                let mut f = f.clone();
                f.n = *n;
                pattern.push_str(&format!("({})", integer_matcher(&f)?));
                readers.push((*component, Reader::Integer(f)));
            }
            Part::Marker(m) => {
                let names: Vec<(String, i64)> = match m.component {
                    'M' | 'x' => MONTHS
                        .iter()
                        .enumerate()
                        .map(|(i, n)| (truncate(n, m.width_max), i as i64 + 1))
                        .collect(),
                    'F' => DAYS
                        .iter()
                        .enumerate()
                        .skip(1)
                        .map(|(i, n)| (truncate(n, m.width_max), i as i64))
                        .collect(),
                    'P' => vec![
                        ("am".into(), 0),
                        ("AM".into(), 0),
                        ("pm".into(), 1),
                        ("PM".into(), 1),
                    ],
                    other => {
                        return Err(
                            JsonataError::new("D3133").value(json_text(&V::str(other.to_string())))
                        );
                    }
                };
                pattern.push_str("([a-zA-Z]+)");
                readers.push((m.component, Reader::Name(names)));
            }
        }
    }
    pattern.push('$');
    let re = regex::RegexBuilder::new(&pattern)
        .case_insensitive(true)
        .build()
        .map_err(|e| JsonataError::new("D3137").extra(e.to_string()))?;
    let Some(caps) = re.captures(text) else {
        return Ok(V::Undef);
    };
    let mut comps: std::collections::HashMap<char, f64> = std::collections::HashMap::new();
    for (i, (component, reader)) in readers.iter().enumerate() {
        let Some(m) = caps.get(i + 1) else { continue };
        let v = m.as_str();
        let value = match reader {
            Reader::Literal => continue,
            Reader::Offset { separator, gmt } => {
                let v = if *gmt { v.get(3..).unwrap_or("") } else { v };
                let int = |t: &str| -> f64 {
                    let d: String = t
                        .chars()
                        .enumerate()
                        .take_while(|(i, c)| {
                            c.is_ascii_digit() || (*i == 0 && (*c == '-' || *c == '+'))
                        })
                        .map(|(_, c)| c)
                        .collect();
                    d.parse().unwrap_or(f64::NAN)
                };
                let (oh, om) = match separator.and_then(|s| v.find(s).map(|p| (p, s))) {
                    Some((p, s)) => (int(&v[..p]), int(&v[p + s.len_utf8()..])),
                    None => {
                        if v.len() - 1 <= 2 {
                            (int(v), 0.0)
                        } else {
                            (int(&v[..3]), int(&v[3..]))
                        }
                    }
                };
                oh * 60.0 + om
            }
            Reader::Integer(f) => parse_int(v, f),
            Reader::Name(names) => match names.iter().find(|(n, _)| n == v) {
                Some((_, val)) => *val as f64,
                None => f64::NAN,
            },
        };
        comps.insert(*component, value);
    }
    if comps.is_empty() {
        return Ok(V::Undef);
    }
    let has = |c: char| comps.contains_key(&c);
    let mask_of = |list: &str| -> u32 {
        list.chars()
            .fold(0u32, |mask, c| (mask << 1) + u32::from(has(c)))
    };
    let is_type = |mask: u32, t: u32| (!t & mask) == 0 && (t & mask) != 0;
    let date_mask = mask_of("YXMxWwdD");
    let date_a = is_type(date_mask, 161);
    let date_b = !date_a && is_type(date_mask, 130);
    let date_c = is_type(date_mask, 84);
    let date_d = !date_c && is_type(date_mask, 72);
    let time_mask = mask_of("PHhmsf");
    let time_a = is_type(time_mask, 23);
    let time_b = !time_a && is_type(time_mask, 47);
    let date_comps = if date_b {
        "YD"
    } else if date_c {
        "XxwF"
    } else if date_d {
        "XWF"
    } else {
        "YMD"
    };
    let time_comps = if time_b { "Phmsf" } else { "Hmsf" };
    let now = fields(ev.ctx.borrow().now_millis());
    let mut start_specified = false;
    let mut end_specified = false;
    for part in format!("{date_comps}{time_comps}").chars() {
        match comps.entry(part) {
            std::collections::hash_map::Entry::Occupied(_) => {
                start_specified = true;
                if end_specified {
                    return Err(JsonataError::new("D3136"));
                }
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                if start_specified {
                    slot.insert(if "MDd".contains(part) { 1.0 } else { 0.0 });
                    end_specified = true;
                } else {
                    slot.insert(fragment(&now, part).unwrap_or(0) as f64);
                }
            }
        }
    }
    let get = |c: char| comps.get(&c).copied().unwrap_or(0.0);
    let mut month0 = if get('M') > 0.0 { get('M') - 1.0 } else { 0.0 };
    let mut day = get('D');
    if date_b {
        let jan1 = date_utc(get('Y') as i64, 0, 1, 0, 0, 0, 0);
        let derived = fields(jan1 + (get('d') as i64 - 1) * MILLIS_PER_DAY);
        month0 = derived.month0 as f64;
        day = derived.day as f64;
    }
    if date_c || date_d {
        return Err(JsonataError::new("D3136"));
    }
    let mut hour = get('H');
    if time_b {
        hour = if get('h') == 12.0 { 0.0 } else { get('h') };
        if get('P') == 1.0 {
            hour += 12.0;
        }
    }
    let all = [get('Y'), month0, day, hour, get('m'), get('s'), get('f')];
    if all.iter().any(|v| !v.is_finite()) {
        return Ok(V::Num(f64::NAN));
    }
    let mut millis = date_utc(
        all[0] as i64,
        all[1] as i64,
        all[2] as i64,
        all[3] as i64,
        all[4] as i64,
        all[5] as i64,
        all[6] as i64,
    ) as f64;
    let offset = comps.get(&'Z').or(comps.get(&'z')).copied().unwrap_or(0.0);
    if offset != 0.0 {
        millis -= offset * 60.0 * 1000.0;
    }
    Ok(V::Num(millis))
}

fn truncate(name: &str, max: Option<i64>) -> String {
    match max {
        Some(m) if m > 0 => name.chars().take(m as usize).collect(),
        _ => name.to_owned(),
    }
}
