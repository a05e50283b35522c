//! The `fangtan` command line: ask, chat, index, check, eval and serve.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

use std::sync::Arc;

use fangtan::admin::{self, BuildProgress, BuildReport, Library, Resources};
use fangtan::answer::Engine;
use fangtan::config::Config;
use fangtan::corpus;
use fangtan::render::{self, Style};
use fangtan::search::Progress;
use fangtan::telegram::{self, BotState};

#[derive(Debug, Parser)]
#[command(
    name = "fangtan",
    version,
    about = "Answers questions from Chinese interview articles with verbatim, attributed quotes"
)]
struct Cli {
    /// Configuration file.
    #[arg(long, global = true, default_value = "config/fangtan.toml")]
    config: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Answer one question from the corpus.
    Ask {
        /// Print one JSON object instead of text.
        #[arg(long)]
        json: bool,
        /// How many quotes at most (default: answers.top from the config).
        #[arg(long)]
        top: Option<usize>,
        /// The question (several words are joined with spaces).
        #[arg(required = true, num_args = 1..)]
        question: Vec<String>,
    },
    /// Ask questions interactively (one per line; `:sources` lists the articles, `:q` quits).
    Chat,
    /// Rebuild the search index from the corpus folder.
    Index,
    /// Lint a corpus folder or one article: speakers, turns, passages and problems per file.
    Check {
        /// Folder or file (default: the configured corpus folder).
        path: Option<PathBuf>,
    },
    /// Run the Telegram bot (token from TELOXIDE_TOKEN; TELOXIDE_API_URL is honoured).
    Serve,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let default_level = match cli.command {
        Command::Serve => "info",
        _ => "warn",
    };
    init_logging(default_level);
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn init_logging(default_level: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default_level));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let config = Config::load(&cli.config)?;
    match cli.command {
        Command::Ask {
            json,
            top,
            question,
        } => ask(config, &question.join(" "), json, top),
        Command::Chat => chat(config),
        Command::Index => index(config),
        Command::Check { path } => {
            let path = path.unwrap_or_else(|| config.corpus_dir.clone());
            check(&path)
        }
        Command::Serve => serve(config),
    }
}

fn serve(config: Config) -> anyhow::Result<ExitCode> {
    let started = std::time::Instant::now();
    let resources = Resources::load(config)?;
    let (engine, report) = admin::load_or_build(&resources, &())?;
    if let Some(report) = &report {
        report_problems(report);
    }
    tracing::info!(
        "loaded {} articles, {} passages in {:.2} s ({})",
        engine.manifest.articles.len(),
        engine.manifest.passages(),
        started.elapsed().as_secs_f64(),
        if report.is_some() {
            "index rebuilt"
        } else {
            "existing index"
        }
    );
    let library = Arc::new(Library::new(resources, engine));
    let state = Arc::new(BotState::new(library));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let bot = telegram::client_from_env()?;
        telegram::run(bot, state, shutdown_signal()).await
    })?;
    tracing::info!("stopped");
    Ok(ExitCode::SUCCESS)
}

/// Resolves on SIGINT or SIGTERM (teloxide's own Ctrl-C handler misses SIGTERM).
async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = interrupt => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = interrupt.await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
    }
}

fn open_engine(config: Config) -> anyhow::Result<Engine> {
    let resources = Resources::load(config)?;
    let progress = TerminalProgress::new();
    let (engine, report) = admin::load_or_build(&resources, &progress)?;
    progress.finish();
    if let Some(report) = report {
        eprintln!("{}", summary(&report));
        report_problems(&report);
    }
    Ok(engine)
}

fn ask(config: Config, question: &str, json: bool, top: Option<usize>) -> anyhow::Result<ExitCode> {
    let top = top.unwrap_or(config.answers.top).clamp(1, 10);
    let engine = open_engine(config)?;
    let reply = engine.ask(question, top)?;
    let out = if json {
        render::json(&reply) + "\n"
    } else {
        render::terminal(&reply, terminal_style())
    };
    std::io::stdout().write_all(out.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

fn chat(config: Config) -> anyhow::Result<ExitCode> {
    let top = config.answers.top;
    let engine = open_engine(config)?;
    let interactive = std::io::stdin().is_terminal();
    if interactive {
        println!(
            "fangtan：{} 篇访谈，{} 段发言。输入问题，:sources 查看文章，:q 退出。",
            engine.manifest.articles.len(),
            engine.manifest.passages()
        );
    }
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    loop {
        if interactive {
            print!("问> ");
            std::io::stdout().flush()?;
        }
        let Some(line) = lines.next() else { break };
        let line = line?;
        let line = line.trim();
        match line {
            "" => continue,
            ":q" | ":quit" | "exit" | "quit" => break,
            ":sources" | "/sources" => print!("{}", render::sources_plain(&engine.manifest)),
            question => {
                let reply = engine.ask(question, top)?;
                println!("{}", render::terminal(&reply, terminal_style()));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn index(config: Config) -> anyhow::Result<ExitCode> {
    let resources = Resources::load(config)?;
    let progress = TerminalProgress::new();
    let (_, report) = admin::build(&resources, &progress)?;
    progress.finish();
    println!("{}", summary(&report));
    report_problems(&report);
    Ok(ExitCode::SUCCESS)
}

fn summary(report: &BuildReport) -> String {
    let m = &report.manifest;
    format!(
        "indexed {} articles, {} passages, {:.2} MB in {:.2} s ({:.1} MB/s){}",
        m.articles.len(),
        m.passages(),
        m.bytes as f64 / 1_000_000.0,
        report.elapsed.as_secs_f64(),
        report.megabytes_per_second(),
        if report.errors.is_empty() {
            String::new()
        } else {
            format!("; {} files skipped", report.errors.len())
        }
    )
}

fn report_problems(report: &BuildReport) {
    for e in &report.errors {
        eprintln!("skipped: {e}");
    }
    for (file, line, message) in &report.warnings {
        eprintln!("warning: {file}:{line}: {message}");
    }
}

fn check(path: &Path) -> anyhow::Result<ExitCode> {
    let (root, files) = if path.is_dir() {
        (path.to_path_buf(), corpus::article_files(path)?)
    } else {
        let root = path.parent().unwrap_or(Path::new(".")).to_path_buf();
        (root, vec![path.to_path_buf()])
    };
    if files.is_empty() {
        println!(
            "{}: no article files (.md, .markdown, .txt)",
            path.display()
        );
        return Ok(ExitCode::FAILURE);
    }
    let mut failed = 0;
    let mut out = String::new();
    for file in &files {
        match corpus::load(&root, file) {
            Ok(article) => out.push_str(&check_line(&article)),
            Err(e) => {
                failed += 1;
                out.push_str(&format!("error: {e}\n"));
            }
        }
    }
    out.push_str(&format!(
        "{} files, {} usable, {} with errors\n",
        files.len(),
        files.len() - failed,
        failed
    ));
    std::io::stdout().write_all(out.as_bytes())?;
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn check_line(article: &corpus::Article) -> String {
    let mut turns: Vec<(String, usize)> = Vec::new();
    for turn in &article.turns {
        match turns.iter_mut().find(|(name, _)| *name == turn.speaker) {
            Some((_, n)) => *n += 1,
            None => turns.push((turn.speaker.clone(), 1)),
        }
    }
    let speakers: Vec<String> = turns
        .iter()
        .map(|(name, n)| {
            let host = if article.host.as_deref() == Some(name) {
                "主持, "
            } else {
                ""
            };
            format!("{name} ({host}{n} turns)")
        })
        .collect();
    let mut out = format!(
        "{}: 《{}》 {} turns, {} passages; speakers: {}\n",
        article.path,
        article.meta.title,
        article.turns.len(),
        article.passages.len(),
        speakers.join(", ")
    );
    for w in &article.warnings {
        out.push_str(&format!(
            "warning: {}:{}: {}\n",
            article.path, w.line, w.message
        ));
    }
    out
}

fn terminal_style() -> Style {
    if std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
        Style::Ansi
    } else {
        Style::Plain
    }
}

/// A progress bar on stderr when it is a terminal; silent otherwise.
struct TerminalProgress {
    bar: std::sync::OnceLock<ProgressBar>,
}

impl TerminalProgress {
    fn new() -> TerminalProgress {
        TerminalProgress {
            bar: std::sync::OnceLock::new(),
        }
    }

    fn finish(&self) {
        if let Some(bar) = self.bar.get() {
            bar.finish_and_clear();
        }
    }
}

impl Progress for TerminalProgress {
    fn passages_done(&self, count: usize) {
        if let Some(bar) = self.bar.get() {
            bar.set_position(count as u64);
        }
    }
}

impl BuildProgress for TerminalProgress {
    fn start(&self, passages: usize) {
        if !std::io::stderr().is_terminal() {
            return;
        }
        let bar = ProgressBar::new(passages as u64);
        let style = ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} passages ({eta})")
            .map(|s| s.progress_chars("=> "))
            .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        bar.set_message("indexing");
        let _ = self.bar.set(bar);
    }
}
