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

/// The `fangtan serve` binary on the shipped corpus, polling the Bot API at `api_url` with
/// `token`, its index in `index_dir`, logging at `level` into `log` (stdout and stderr).
pub fn serve_command(
    api_url: &str,
    token: &str,
    index_dir: &Path,
    level: &str,
    log: &tempfile::NamedTempFile,
) -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_fangtan"));
    command
        .arg("serve")
        .current_dir(repo())
        .env("TELOXIDE_TOKEN", token)
        .env("TELOXIDE_API_URL", api_url)
        .env("FANGTAN_INDEX_DIR", index_dir)
        .env_remove("FANGTAN_CORPUS_DIR")
        .env("RUST_LOG", level)
        .stdout(log.reopen().expect("log file"))
        .stderr(log.reopen().expect("log file"));
    command
}

/// An engine over the shipped corpus, built into a fresh temporary folder.
pub fn shipped_engine() -> (Engine, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let resources = Resources::load(config(None, dir.path())).expect("resources");
    let (engine, _) = admin::build(&resources, &()).expect("index builds");
    (engine, dir)
}

/// A temporary corpus folder holding a copy of the shipped article.
pub fn corpus_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let name = "geekpark-2025-02-18-after-deepseek.md";
    std::fs::copy(
        repo().join("index/articles").join(name),
        dir.path().join(name),
    )
    .expect("copy the shipped article");
    dir
}

/// A small second article: 李明 on 量子纠错.
pub const QUANTUM_ARTICLE: &str = "---\ntitle: 量子计算访谈\nurl: https://example.org/quantum\nsource: 测试杂志\ndate: 2026-01-01\nhost: 王芳\nspeakers:\n  王芳: 主持人\n  李明: 量子实验室主任\n---\n\n**王芳：量子计算离实用还有多远？**\n\n**李明：**我认为量子纠错是关键，逻辑比特的错误率要降到千分之一以下，量子纠错大概还要五到十年才能实用。\n";

/// Adds [`QUANTUM_ARTICLE`] to a corpus folder as `quantum.md`.
pub fn add_article(corpus: &Path) {
    std::fs::write(corpus.join("quantum.md"), QUANTUM_ARTICLE).expect("write the article");
}

/// Sends SIGTERM to `child` and waits for it to exit (off the async runtime's threads).
#[cfg(unix)]
pub async fn terminate(mut child: std::process::Child) -> std::process::ExitStatus {
    let status = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success(), "kill -TERM failed");
    tokio::task::spawn_blocking(move || child.wait())
        .await
        .expect("wait task")
        .expect("child exit status")
}
