//! Words a pinyin input method could have given instead of the one a user meant: 幻放 for
//! 幻方, 文比 for 文笔. The user typed the right syllables and picked the wrong candidate, so
//! the word reads the same (tones aside) and is written differently.
//!
//! Owns [`Homophones`], an automaton over a term dictionary's bytes that accepts the Chinese
//! words read like a given one, character by character (any reading of a character with
//! several counts). Pure: no index, no I/O; the search runs it over its term dictionaries.
//!
//! Must not import: the index, answers, rendering, teloxide, tokio.

use pinyin::ToPinyinMulti;
use tantivy_fst::Automaton;

use crate::segment;

/// Accepts the words of as many characters as the given word whose every character shares a
/// toneless reading with the given word's character at the same place.
#[derive(Debug, Clone)]
pub struct Homophones {
    /// For each character of the word: its toneless readings.
    readings: Vec<Vec<&'static str>>,
}

/// Where the automaton stands: the characters accepted so far and the bytes of the one being
/// read; `None` once the input can no longer match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct State(Option<(usize, Pending)>);

/// The bytes of a character read so far (at most four in UTF-8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pending {
    bytes: [u8; 4],
    len: u8,
}

impl Homophones {
    /// The automaton for `word`: `None` unless it is two or more Chinese characters with
    /// known readings.
    pub fn of(word: &str) -> Option<Homophones> {
        let readings: Vec<Vec<&'static str>> = word
            .chars()
            .map(|c| segment::is_han(c).then(|| readings(c)).flatten())
            .collect::<Option<_>>()?;
        (readings.len() >= 2).then_some(Homophones { readings })
    }

    fn reads_alike(&self, at: usize, c: char) -> bool {
        segment::is_han(c)
            && readings(c)
                .is_some_and(|theirs| theirs.iter().any(|r| self.readings[at].contains(r)))
    }
}

/// A character's toneless readings, the usual one first.
fn readings(c: char) -> Option<Vec<&'static str>> {
    let all: Vec<&'static str> = c
        .to_pinyin_multi()?
        .into_iter()
        .map(|p| p.plain())
        .collect();
    (!all.is_empty()).then_some(all)
}

/// How many bytes a UTF-8 character takes, from its first byte (`None` for a byte that
/// cannot start one).
fn utf8_len(first: u8) -> Option<u8> {
    match first {
        0x00..=0x7f => Some(1),
        0xc0..=0xdf => Some(2),
        0xe0..=0xef => Some(3),
        0xf0..=0xf7 => Some(4),
        _ => None,
    }
}

impl Automaton for Homophones {
    type State = State;

    fn start(&self) -> State {
        State(Some((0, Pending::default())))
    }

    fn is_match(&self, state: &State) -> bool {
        matches!(state.0, Some((done, pending)) if done == self.readings.len() && pending.len == 0)
    }

    fn can_match(&self, state: &State) -> bool {
        matches!(state.0, Some((done, pending)) if done < self.readings.len() || pending.len == 0)
    }

    fn accept(&self, state: &State, byte: u8) -> State {
        let Some((done, mut pending)) = state.0 else {
            return State(None);
        };
        if done >= self.readings.len() {
            return State(None);
        }
        pending.bytes[usize::from(pending.len)] = byte;
        pending.len += 1;
        let Some(needed) = utf8_len(pending.bytes[0]) else {
            return State(None);
        };
        if pending.len < needed {
            return State(Some((done, pending)));
        }
        let c = std::str::from_utf8(&pending.bytes[..usize::from(needed)])
            .ok()
            .and_then(|s| s.chars().next());
        match c {
            Some(c) if self.reads_alike(done, c) => State(Some((done + 1, Pending::default()))),
            _ => State(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accepts(word: &str, candidate: &str) -> bool {
        let automaton = Homophones::of(word).expect("a Chinese word");
        let mut state = automaton.start();
        for &b in candidate.as_bytes() {
            if !automaton.can_match(&state) {
                return false;
            }
            state = automaton.accept(&state, b);
        }
        automaton.is_match(&state)
    }

    #[test]
    fn words_read_alike_are_accepted() {
        assert!(accepts("幻放", "幻方"));
        assert!(accepts("文比", "文笔"));
        assert!(accepts("文比", "文比"));
        // Tones do not matter: 蒸留 (zhēng liú) for 蒸馏 (zhēng liú), 思維 for 思维.
        assert!(accepts("蒸留", "蒸馏"));
    }

    #[test]
    fn words_read_differently_or_of_another_length_are_not() {
        assert!(!accepts("幻放", "幻想"));
        assert!(!accepts("幻放", "幻方法"));
        assert!(!accepts("幻放", "幻"));
        assert!(!accepts("文比", "wb"));
    }

    #[test]
    fn only_chinese_words_of_two_characters_or_more_have_an_automaton() {
        assert!(Homophones::of("笔").is_none());
        assert!(Homophones::of("gpt").is_none());
        assert!(Homophones::of("r1模型").is_none());
        assert!(Homophones::of("模型").is_some());
    }

    #[test]
    fn a_character_with_several_readings_matches_on_any_of_them() {
        // 行 reads xing and hang: 银航 (yin hang) is a homophone of 银行.
        assert!(accepts("银航", "银行"));
        assert!(accepts("步行", "不行"));
    }
}
