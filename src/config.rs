//! Configuration: `config/fangtan.toml` deserialized into a raw struct, then checked and turned
//! into [`Config`], with `FANGTAN_*` environment overrides applied per key.
//!
//! Owns: config keys, defaults, path resolution (relative paths are relative to the config
//! file's folder). Must not import: the index, teloxide, tokio. Secrets never live here: the bot
//! token comes from `TELOXIDE_TOKEN` only.

use std::path::{Path, PathBuf};

use serde::Deserialize;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{file}: {reason}")]
    Invalid { file: String, reason: String },
    #[error("{file}: cannot read: {reason}")]
    Unreadable { file: String, reason: String },
    #[error("environment variable {name}: {reason}")]
    Env { name: String, reason: String },
}

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
    top: Option<usize>,
    max_quote_chars: Option<usize>,
    max_question_chars: Option<usize>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBot {
    admins: Option<Vec<u64>>,
    search_concurrency: Option<usize>,
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
        let raw: RawConfig = toml::from_str(text).map_err(|e| ConfigError::Invalid {
            file: file.into(),
            reason: e.message().to_string(),
        })?;
        let resolve = |p: PathBuf| if p.is_absolute() { p } else { base.join(p) };
        let defaults = AnswerLimits::default();
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
            answers: AnswerLimits {
                top: raw.answers.top.unwrap_or(defaults.top),
                max_quote_chars: raw
                    .answers
                    .max_quote_chars
                    .unwrap_or(defaults.max_quote_chars),
                max_question_chars: raw
                    .answers
                    .max_question_chars
                    .unwrap_or(defaults.max_question_chars),
            },
            admins: raw.bot.admins.unwrap_or_default(),
            search_concurrency: raw.bot.search_concurrency.unwrap_or(4),
        };
        config.apply_env(env)?;
        config.validate(file)?;
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
        let number = |name: &str, slot: &mut usize| -> Result<(), ConfigError> {
            if let Some(v) = get(name) {
                *slot = v.trim().parse().map_err(|_| ConfigError::Env {
                    name: name.into(),
                    reason: format!("`{v}` is not a whole number"),
                })?;
            }
            Ok(())
        };
        number("FANGTAN_TOP", &mut self.answers.top)?;
        number("FANGTAN_MAX_QUOTE_CHARS", &mut self.answers.max_quote_chars)?;
        number(
            "FANGTAN_MAX_QUESTION_CHARS",
            &mut self.answers.max_question_chars,
        )?;
        number("FANGTAN_SEARCH_CONCURRENCY", &mut self.search_concurrency)?;
        Ok(())
    }

    fn validate(&self, file: &str) -> Result<(), ConfigError> {
        let invalid = |reason: &str| {
            Err(ConfigError::Invalid {
                file: file.into(),
                reason: reason.into(),
            })
        };
        if !(1..=10).contains(&self.answers.top) {
            return invalid("answers.top must be between 1 and 10");
        }
        if !(40..=3000).contains(&self.answers.max_quote_chars) {
            return invalid("answers.max_quote_chars must be between 40 and 3000");
        }
        if !(10..=4096).contains(&self.answers.max_question_chars) {
            return invalid("answers.max_question_chars must be between 10 and 4096");
        }
        if !(1..=64).contains(&self.search_concurrency) {
            return invalid("bot.search_concurrency must be between 1 and 64");
        }
        Ok(())
    }
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
        assert!(err.to_string().contains("answers.top"), "{err}");
        let err = Config::parse("[bogus]\n", "f", Path::new("."), &no_env).unwrap_err();
        assert!(err.to_string().contains("bogus"), "{err}");
    }
}
