//! Configuration: `config/fangtan.toml` deserialized into a raw struct, then checked and turned
//! into [`Config`], with `FANGTAN_*` environment overrides applied per key.
//!
//! Owns: config keys, defaults, path resolution (relative paths are relative to the config
//! file's folder). Must not import: the index, teloxide, tokio. Secrets never live here: the bot
//! token comes from `TELOXIDE_TOKEN` only.

use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A problem in the file; `line` is 1-based, 0 when the file as a whole is wrong.
    #[error("{file}{}: {reason}", line_suffix(*line))]
    Invalid {
        file: String,
        line: usize,
        reason: String,
    },
    #[error("{file}: cannot read: {reason}")]
    Unreadable { file: String, reason: String },
    #[error("environment variable {name}: {reason}")]
    Env { name: String, reason: String },
}

fn line_suffix(line: usize) -> String {
    if line == 0 {
        String::new()
    } else {
        format!(":{line}")
    }
}

/// A numeric setting: its key in the file, its environment variable and the values allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limit {
    pub key: &'static str,
    pub env: &'static str,
    pub range: RangeInclusive<usize>,
}

impl Limit {
    /// "must be between 1 and 10".
    pub fn rule(&self) -> String {
        format!(
            "must be between {} and {}",
            self.range.start(),
            self.range.end()
        )
    }
}

/// `answers.top`: quotes per answer (also the range of `ask --top`).
pub const TOP: Limit = Limit {
    key: "answers.top",
    env: "FANGTAN_TOP",
    range: 1..=10,
};
/// `answers.max_quote_chars`: the longest quote, in characters.
pub const MAX_QUOTE_CHARS: Limit = Limit {
    key: "answers.max_quote_chars",
    env: "FANGTAN_MAX_QUOTE_CHARS",
    range: 40..=3000,
};
/// `answers.max_question_chars`: longer questions are cut.
pub const MAX_QUESTION_CHARS: Limit = Limit {
    key: "answers.max_question_chars",
    env: "FANGTAN_MAX_QUESTION_CHARS",
    range: 10..=4096,
};
/// `bot.search_concurrency`: searches running at once in the bot.
pub const SEARCH_CONCURRENCY: Limit = Limit {
    key: "bot.search_concurrency",
    env: "FANGTAN_SEARCH_CONCURRENCY",
    range: 1..=64,
};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    corpus: RawCorpus,
    #[serde(default)]
    answers: RawAnswers,
    #[serde(default)]
    bot: RawBot,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCorpus {
    dir: Option<PathBuf>,
    index_dir: Option<PathBuf>,
    user_dict: Option<PathBuf>,
    stopwords: Option<PathBuf>,
    synonyms: Option<PathBuf>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAnswers {
    top: Option<Spanned<usize>>,
    max_quote_chars: Option<Spanned<usize>>,
    max_question_chars: Option<Spanned<usize>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBot {
    admins: Option<Vec<u64>>,
    search_concurrency: Option<Spanned<usize>>,
}

/// The validated configuration every command runs with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub corpus_dir: PathBuf,
    pub index_dir: PathBuf,
    pub user_dict: PathBuf,
    pub stopwords: PathBuf,
    pub synonyms: PathBuf,
    pub answers: AnswerLimits,
    pub admins: Vec<u64>,
    pub search_concurrency: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnswerLimits {
    /// How many quotes an answer shows at most.
    pub top: usize,
    /// The longest quote, in characters (the window may end a little short of it).
    pub max_quote_chars: usize,
    /// Longer questions are cut to this many characters before searching.
    pub max_question_chars: usize,
}

impl Default for AnswerLimits {
    fn default() -> Self {
        AnswerLimits {
            top: 3,
            max_quote_chars: 300,
            max_question_chars: 500,
        }
    }
}

impl Config {
    /// Parses config text. `base` is the folder relative paths are resolved against; `env`
    /// looks up environment variables (injected so tests stay pure).
    pub fn parse(
        text: &str,
        file: &str,
        base: &Path,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| toml_error(&e, text, file))?;
        let resolve = |p: PathBuf| if p.is_absolute() { p } else { base.join(p) };
        let defaults = AnswerLimits::default();
        let number = |raw: Option<Spanned<usize>>, limit: &Limit, default: usize| {
            setting(raw, limit, default, text, file, env)
        };
        let answers = AnswerLimits {
            top: number(raw.answers.top, &TOP, defaults.top)?,
            max_quote_chars: number(
                raw.answers.max_quote_chars,
                &MAX_QUOTE_CHARS,
                defaults.max_quote_chars,
            )?,
            max_question_chars: number(
                raw.answers.max_question_chars,
                &MAX_QUESTION_CHARS,
                defaults.max_question_chars,
            )?,
        };
        let search_concurrency = number(raw.bot.search_concurrency, &SEARCH_CONCURRENCY, 4)?;
        let mut config = Config {
            corpus_dir: resolve(raw.corpus.dir.unwrap_or_else(|| "../index/articles".into())),
            index_dir: resolve(
                raw.corpus
                    .index_dir
                    .unwrap_or_else(|| "../index/.built".into()),
            ),
            user_dict: resolve(
                raw.corpus
                    .user_dict
                    .unwrap_or_else(|| "userdict.txt".into()),
            ),
            stopwords: resolve(
                raw.corpus
                    .stopwords
                    .unwrap_or_else(|| "stopwords.txt".into()),
            ),
            synonyms: resolve(raw.corpus.synonyms.unwrap_or_else(|| "synonyms.txt".into())),
            answers,
            admins: raw.bot.admins.unwrap_or_default(),
            search_concurrency,
        };
        config.apply_env(env)?;
        Ok(config)
    }

    /// Reads and parses a config file, with the process environment.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError::Unreadable {
            file: file.clone(),
            reason: crate::corpus::io_reason(&e),
        })?;
        let base = path.parent().unwrap_or(Path::new("."));
        Config::parse(&text, &file, base, &|name| std::env::var(name).ok())
    }

    fn apply_env(&mut self, env: &dyn Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
        let get = |name: &str| env(name).filter(|v| !v.trim().is_empty());
        if let Some(dir) = get("FANGTAN_CORPUS_DIR") {
            self.corpus_dir = dir.into();
        }
        if let Some(dir) = get("FANGTAN_INDEX_DIR") {
            self.index_dir = dir.into();
        }
        if let Some(path) = get("FANGTAN_USER_DICT") {
            self.user_dict = path.into();
        }
        if let Some(path) = get("FANGTAN_STOPWORDS") {
            self.stopwords = path.into();
        }
        if let Some(path) = get("FANGTAN_SYNONYMS") {
            self.synonyms = path.into();
        }
        if let Some(list) = get("FANGTAN_ADMINS") {
            self.admins = parse_admins(&list)?;
        }
        Ok(())
    }
}

/// One numeric setting: the environment variable when set, else the file's value, else the
/// default; out of range is an error that names where the value came from.
fn setting(
    raw: Option<Spanned<usize>>,
    limit: &Limit,
    default: usize,
    text: &str,
    file: &str,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<usize, ConfigError> {
    if let Some(v) = env(limit.env).filter(|v| !v.trim().is_empty()) {
        let env_error = |reason: String| ConfigError::Env {
            name: limit.env.into(),
            reason,
        };
        let value: usize = v
            .trim()
            .parse()
            .map_err(|_| env_error(format!("`{v}` is not a whole number")))?;
        if !limit.range.contains(&value) {
            return Err(env_error(format!(
                "`{value}` is out of range: {} {}",
                limit.key,
                limit.rule()
            )));
        }
        return Ok(value);
    }
    let Some(raw) = raw else {
        return Ok(default);
    };
    let value = *raw.get_ref();
    if !limit.range.contains(&value) {
        return Err(ConfigError::Invalid {
            file: file.into(),
            line: line_at(text, raw.span().start),
            reason: format!("{} {}, not {value}", limit.key, limit.rule()),
        });
    }
    Ok(value)
}

/// A TOML syntax or type error with the file's line and, when it names one, the key.
fn toml_error(e: &toml::de::Error, text: &str, file: &str) -> ConfigError {
    let Some(span) = e.span() else {
        return ConfigError::Invalid {
            file: file.into(),
            line: 0,
            reason: e.message().to_string(),
        };
    };
    let line = line_at(text, span.start);
    let reason = match key_on_line(text, line) {
        Some(key) => format!("{key}: {}", e.message()),
        None => e.message().to_string(),
    };
    ConfigError::Invalid {
        file: file.into(),
        line,
        reason,
    }
}

/// 1-based line of byte `offset` in `text`.
fn line_at(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    text.as_bytes()[..offset]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The dotted key set on 1-based `line` (`answers.top` for `top = …` under `[answers]`), if
/// that line is a plain `key = value` line.
fn key_on_line(text: &str, line: usize) -> Option<String> {
    let mut table = String::new();
    for (i, l) in text.lines().enumerate() {
        let l = l.trim();
        // `[answers] # quotes`: the comment is not part of the header.
        let header = l.split_once('#').map_or(l, |(before, _)| before).trim_end();
        if let Some(name) = header.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
            table = name.trim().trim_matches('"').to_string();
        }
        if i + 1 == line {
            let (key, _) = l.split_once('=')?;
            let key = key.trim();
            if key.is_empty() || key.starts_with('[') || key.starts_with('#') {
                return None;
            }
            return Some(if table.is_empty() {
                key.to_string()
            } else {
                format!("{table}.{key}")
            });
        }
    }
    None
}

fn parse_admins(list: &str) -> Result<Vec<u64>, ConfigError> {
    list.split([',', ' '])
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<u64>().map_err(|_| ConfigError::Env {
                name: "FANGTAN_ADMINS".into(),
                reason: format!("`{s}` is not a numeric Telegram user id"),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn shipped_config_parses_with_paths_relative_to_its_folder() {
        let text = include_str!("../config/fangtan.toml");
        let config = Config::parse(text, "fangtan.toml", Path::new("config"), &no_env).unwrap();
        assert_eq!(config.corpus_dir, Path::new("config/../index/articles"));
        assert_eq!(config.answers.top, 3);
        assert!(config.admins.is_empty());
    }

    #[test]
    fn environment_overrides_win() {
        let env = |name: &str| match name {
            "FANGTAN_ADMINS" => Some("1, 2".to_string()),
            "FANGTAN_INDEX_DIR" => Some("/tmp/x".to_string()),
            "FANGTAN_TOP" => Some("5".to_string()),
            _ => None,
        };
        let config = Config::parse("", "f", Path::new("."), &env).unwrap();
        assert_eq!(config.admins, vec![1, 2]);
        assert_eq!(config.index_dir, Path::new("/tmp/x"));
        assert_eq!(config.answers.top, 5);
    }

    #[test]
    fn bad_values_are_named() {
        let env = |name: &str| (name == "FANGTAN_ADMINS").then(|| "12,abc".to_string());
        let err = Config::parse("", "f", Path::new("."), &env).unwrap_err();
        assert!(err.to_string().contains("FANGTAN_ADMINS"), "{err}");
        let err = Config::parse("[answers]\ntop = 0\n", "f", Path::new("."), &no_env).unwrap_err();
        assert_eq!(
            err.to_string(),
            "f:2: answers.top must be between 1 and 10, not 0"
        );
        let err = Config::parse("[bogus]\n", "f", Path::new("."), &no_env).unwrap_err();
        assert!(err.to_string().starts_with("f:1: "), "{err}");
        assert!(err.to_string().contains("bogus"), "{err}");
    }

    #[test]
    fn an_out_of_range_environment_value_names_the_variable_not_the_file() {
        let shipped = include_str!("../config/fangtan.toml");
        for (name, limit) in [
            ("FANGTAN_TOP", &TOP),
            ("FANGTAN_MAX_QUOTE_CHARS", &MAX_QUOTE_CHARS),
        ] {
            let env = |n: &str| (n == name).then(|| "0".to_string());
            let err = Config::parse(shipped, "config/fangtan.toml", Path::new("config"), &env)
                .unwrap_err();
            assert_eq!(
                err.to_string(),
                format!(
                    "environment variable {name}: `0` is out of range: {} {}",
                    limit.key,
                    limit.rule()
                )
            );
        }
        // In range, the variable wins over the file.
        let env = |n: &str| (n == "FANGTAN_MAX_QUESTION_CHARS").then(|| "4096".to_string());
        let config = Config::parse(shipped, "f", Path::new("config"), &env).unwrap();
        assert_eq!(config.answers.max_question_chars, 4096);
    }

    #[test]
    fn the_documented_ranges_are_the_enforced_ones() {
        assert_eq!(TOP.range, 1..=10);
        assert_eq!(MAX_QUOTE_CHARS.range, 40..=3000);
        assert_eq!(MAX_QUESTION_CHARS.range, 10..=4096);
        assert_eq!(SEARCH_CONCURRENCY.range, 1..=64);
        let readme = include_str!("../README.md");
        for (key, range) in [
            ("answers.top", "1–10"),
            ("answers.max_quote_chars", "40–3000"),
            ("answers.max_question_chars", "10–4096"),
            ("bot.search_concurrency", "1–64"),
        ] {
            let row = readme
                .lines()
                .find(|l| l.starts_with(&format!("| `{key}`")))
                .unwrap_or_else(|| panic!("README has no row for {key}"));
            assert!(row.contains(range), "README row for {key}: {row}");
        }
    }

    #[test]
    fn type_errors_name_the_line_and_key() {
        let text = "# comment\n[answers]\nmax_quote_chars = 300\ntop = \"x\"\n";
        let err = Config::parse(text, "config/bad.toml", Path::new("."), &no_env).unwrap_err();
        let message = err.to_string();
        assert!(
            message.starts_with("config/bad.toml:4: answers.top: invalid type: string \"x\""),
            "{message}"
        );
        assert!(!message.contains('\n'), "{message}");
        let err = Config::parse("[answers\n", "f", Path::new("."), &no_env).unwrap_err();
        assert!(err.to_string().starts_with("f:1: "), "{err}");
        // A comment after a table header does not hide the table.
        let text = "[corpus]\ndir = \"x\"\n[answers] # quotes\ntop = \"x\"\n";
        let err = Config::parse(text, "f.toml", Path::new("."), &no_env).unwrap_err();
        assert!(
            err.to_string().starts_with("f.toml:4: answers.top: "),
            "{err}"
        );
    }
}
