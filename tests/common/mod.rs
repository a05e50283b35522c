//! Shared setup for integration tests: the shipped configuration with a temporary index folder.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use fangtan::admin::{self, Resources};
use fangtan::answer::Engine;
use fangtan::config::Config;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shipped config, with the corpus folder `corpus` (default: the shipped corpus) and the
/// index in `index_dir`.
pub fn config(corpus: Option<&Path>, index_dir: &Path) -> Config {
    let config_dir = repo().join("config");
    let text = std::fs::read_to_string(config_dir.join("fangtan.toml")).expect("shipped config");
    let corpus = corpus.map(|p| p.display().to_string());
    let index = index_dir.display().to_string();
    let env = move |name: &str| match name {
        "FANGTAN_INDEX_DIR" => Some(index.clone()),
        "FANGTAN_CORPUS_DIR" => corpus.clone(),
        _ => None,
    };
    Config::parse(&text, "fangtan.toml", &config_dir, &env).expect("config parses")
}

/// An engine over the shipped corpus, built into a fresh temporary folder.
pub fn shipped_engine() -> (Engine, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let resources = Resources::load(config(None, dir.path())).expect("resources");
    let (engine, _) = admin::build(&resources, &()).expect("index builds");
    (engine, dir)
}
