//! The `fangtan` command line: ask, chat, index, check, eval and serve.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

use std::sync::Arc;

use fangtan::admin::{self, plural, BuildProgress, BuildReport, Library, Resources};
use fangtan::answer::{Conversation, Engine};
use fangtan::config::Config;
use fangtan::corpus;
use fangtan::rank::TrainOptions;
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
        /// How many quotes at most, 1–10 (default: answers.top from the config).
        #[arg(long, value_parser = top_in_range)]
        top: Option<usize>,
        /// The question (several words are joined with spaces).
        #[arg(required = true, num_args = 1..)]
        question: Vec<String>,
    },
    /// Ask questions interactively (one per line; `:sources` lists the articles, `:help` the
    /// commands, `:q` quits).
    Chat,
    /// Rebuild the search index from the corpus folder.
    Index,
    /// Lint a corpus folder or one article: speakers, turns, passages and problems per file.
    Check {
        /// Folder or file (default: the configured corpus folder).
        path: Option<PathBuf>,
        /// Also list every passage: its id, line, speaker and opening words.
        #[arg(long)]
        passages: bool,
    },
    /// Run the Telegram bot (token from TELOXIDE_TOKEN; TELOXIDE_API_URL is honoured).
    Serve,
    /// Measure retrieval on a BEIR-layout set (corpus.jsonl, queries.jsonl, qrels.tsv; .xz ok)
    /// through exactly the bot's analyzer and retrieval path.
    Eval {
        /// Passage file(s); repeat to add distractors.
        #[arg(long, required = true)]
        corpus: Vec<PathBuf>,
        /// The questions: JSON lines with `_id`, `text` and optionally `split` (BEIR
        /// queries.jsonl).
        #[arg(long)]
        queries: PathBuf,
        /// Which passages answer which question: `query-id<TAB>corpus-id<TAB>score` lines
        /// (BEIR qrels TSV; a header line is skipped).
        #[arg(long)]
        qrels: PathBuf,
        /// Only questions of this split (train, dev, test, …).
        #[arg(long)]
        split: Option<String>,
        /// Write the questions not answered at rank 1 to this file (JSON lines).
        #[arg(long)]
        misses: Option<PathBuf>,
        /// Calibrate the evidence gate instead: leave out the gold passages of half the
        /// questions and report precision/recall of answering at several coverage floors.
        #[arg(long)]
        gate: bool,
        /// Write the re-rank's training examples to this file instead (every question's
        /// candidates with their features; see `learn-rank`).
        #[arg(long)]
        examples: Option<PathBuf>,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Fit the re-rank's weights on examples written by `eval --examples` (train splits) and
    /// report how often each model ranks a relevant passage first, on those and on `--dev`.
    LearnRank {
        /// Examples to fit on.
        #[arg(long, required = true)]
        train: Vec<PathBuf>,
        /// Examples to report on only.
        #[arg(long)]
        dev: Vec<PathBuf>,
        /// Pull of each weight towards its hand-set start (L2).
        #[arg(long, default_value_t = TrainOptions::default().regularization)]
        regularization: f32,
    },
    /// Benchmark indexing, answer latency, memory and start-up on a folder of prose text files
    /// (e.g. the unpacked laws corpus), wrapped into interview-shaped articles.
    Bench {
        /// Folder of .txt/.md prose files.
        #[arg(long)]
        corpus: PathBuf,
        /// Questions for the latency runs.
        #[arg(long, default_value_t = 1000)]
        questions: usize,
        /// Size multiple for the scaling run (0 skips it).
        #[arg(long, default_value_t = 4)]
        scale: usize,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// (internal) Open an index and answer questions: prints `ready` once the index is open,
    /// then `latency p50 … p99 …` and `rss …` (the benchmark reads `ready` and `rss`).
    #[command(hide = true)]
    BenchProbe {
        #[arg(long)]
        index: PathBuf,
        /// File with one question per line.
        #[arg(long)]
        questions: PathBuf,
    },
}

/// `--top`: a whole number in the range `answers.top` allows.
fn top_in_range(value: &str) -> Result<usize, String> {
    let limit = fangtan::config::TOP;
    let rule = || {
        format!(
            "must be a whole number between {} and {}",
            limit.range.start(),
            limit.range.end()
        )
    };
    match value.trim().parse::<usize>() {
        Ok(n) if limit.range.contains(&n) => Ok(n),
        _ => Err(rule()),
    }
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
            eprintln!("error: {}", user_message(&e));
            ExitCode::from(2)
        }
    }
}

/// An error as users read it: each cause once, I/O errors in plain words. Library errors
/// often show their source in their own message (`{path}: {source}`, `#[error("{0}")]`), so
/// printing the whole chain (`{:#}`) would repeat it.
fn user_message(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain() {
        let raw = cause.to_string();
        let plain = match cause.downcast_ref::<std::io::Error>() {
            Some(io) => corpus::io_reason(io),
            None => raw.clone(),
        };
        if !raw.is_empty() && out.contains(&raw) {
            out = out.replace(&raw, &plain);
        } else if !plain.is_empty() && !out.contains(&plain) {
            if !out.is_empty() {
                out.push_str(": ");
            }
            out.push_str(&plain);
        }
    }
    out
}

fn init_logging(default_level: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default_level));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(colour_on(&std::io::stderr()))
        .init();
}

/// Colour only on a terminal, and never with NO_COLOR set.
fn colour_on(stream: &impl IsTerminal) -> bool {
    stream.is_terminal() && std::env::var_os("NO_COLOR").is_none()
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
        Command::Check { path, passages } => {
            let path = path.unwrap_or_else(|| config.corpus_dir.clone());
            check(&path, passages)
        }
        Command::Serve => serve(config),
        Command::Eval {
            corpus,
            queries,
            qrels,
            split,
            misses,
            gate,
            examples,
            json,
        } => {
            let resources = Resources::load(config)?;
            let args = fangtan::eval::EvalArgs {
                corpus,
                queries,
                qrels,
                split,
                misses,
            };
            let progress = fangtan::eval::terminal_progress();
            if let Some(path) = examples {
                let examples = fangtan::eval::examples(&resources, &args, &progress)?;
                fangtan::eval::write_json_lines(&path, &examples)?;
                eprintln!("{} questions written to {}", examples.len(), path.display());
                return Ok(ExitCode::SUCCESS);
            }
            if gate {
                let report = fangtan::eval::calibrate_gate(&resources, &args, &progress)?;
                if json {
                    println!("{}", serde_json::to_string(&report)?);
                } else {
                    print!("{}", report.to_text());
                }
                return Ok(ExitCode::SUCCESS);
            }
            let report = fangtan::eval::run(&resources, &args, &progress)?;
            if json {
                println!("{}", serde_json::to_string(&report)?);
            } else {
                println!("{}", report.to_text());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench {
            corpus,
            questions,
            scale,
            json,
        } => bench(config, &corpus, questions, scale, json),
        Command::BenchProbe { index, questions } => bench_probe(config, &index, &questions),
        Command::LearnRank {
            train,
            dev,
            regularization,
        } => learn_rank(&train, &dev, regularization),
    }
}

fn learn_rank(train: &[PathBuf], dev: &[PathBuf], regularization: f32) -> anyhow::Result<ExitCode> {
    use fangtan::rank::{self, RankModel, FEATURE_NAMES};
    let read = |paths: &[PathBuf]| -> anyhow::Result<Vec<(PathBuf, Vec<rank::Example>)>> {
        paths
            .iter()
            .map(|p| Ok((p.clone(), fangtan::eval::read_examples(p)?)))
            .collect()
    };
    let train = read(train)?;
    let dev = read(dev)?;
    let all: Vec<rank::Example> = train.iter().flat_map(|(_, e)| e.iter().cloned()).collect();
    let start = RankModel::HAND_SET;
    let options = TrainOptions {
        regularization,
        ..TrainOptions::default()
    };
    let learned = rank::train(&all, &start, &options).normalized();
    let shipped = RankModel::SHIPPED;
    println!("feature            start   shipped   learned");
    for (i, name) in FEATURE_NAMES.iter().enumerate() {
        println!(
            "{name:<17} {:>6.3}  {:>8.4}  {:>8.4}",
            start.weights[i], shipped.weights[i], learned.weights[i]
        );
    }
    println!("\nrelevant passage ranked first (start, shipped, learned):");
    for (label, sets) in [("train", &train), ("dev", &dev)] {
        for (path, examples) in sets.iter() {
            println!(
                "{label:<5} {:.4}  {:.4}  {:.4}  {} ({} questions)",
                rank::right_first_rate(examples, &start),
                rank::right_first_rate(examples, &shipped),
                rank::right_first_rate(examples, &learned),
                path.display(),
                examples.len()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn bench(
    config: Config,
    source: &Path,
    questions: usize,
    scale: usize,
    json: bool,
) -> anyhow::Result<ExitCode> {
    use fangtan::bench::{self, Scratch};
    let resources = Resources::load(config.clone())?;
    let scratch = Scratch::new("run")?;
    let sources = bench::read_paragraphs(source)?;
    let articles = scratch.0.join("articles");
    let generated = bench::generate_interviews(&sources, &articles, 1)?;
    eprintln!(
        "generated {:.1} MB of interviews from {}",
        generated as f64 / 1e6,
        source.display()
    );

    let parsed = corpus::load_dir(&articles)?;
    let texts: Vec<&str> = parsed.articles.iter().map(|a| a.text.as_str()).collect();
    let (raw_secs, raw_mbps) = bench::raw_segmentation(&resources, &texts);
    eprintln!("raw jieba search mode, 1 thread: {raw_mbps:.1} MB/s ({raw_secs:.2} s)");
    drop(parsed);

    let index_dir = scratch.0.join("index");
    let one = bench::index_run(&resources, &articles, &index_dir, 1)?;
    eprintln!(
        "index, 1 thread: {:.1} MB/s ({:.2} s)",
        one.mb_per_s, one.seconds
    );
    let two = bench::index_run(&resources, &articles, &index_dir, 2)?;
    eprintln!(
        "index, 2 threads: {:.1} MB/s ({:.2} s)",
        two.mb_per_s, two.seconds
    );
    let (_, peak_indexing) = bench::rss_mb();

    let plain_dir = scratch.0.join("plain-index");
    std::fs::create_dir_all(&plain_dir)?;
    let plain = bench::plain_passages(&sources);
    let plain_bytes: usize = plain.iter().map(|p| p.text.len()).sum();
    let started = std::time::Instant::now();
    fangtan::search::build_index(&plain_dir, &resources.segmenter, plain, 2, &())?;
    let plain_mbps = plain_bytes as f64 / 1e6 / started.elapsed().as_secs_f64();
    eprintln!("index plain paragraphs, 2 threads: {plain_mbps:.1} MB/s");

    let scaled = if scale > 1 {
        let big = scratch.0.join(format!("articles-x{scale}"));
        bench::generate_interviews(&sources, &big, scale)?;
        let big_index = scratch.0.join("index-big");
        let run = bench::index_run(&resources, &big, &big_index, 2)?;
        let _ = std::fs::remove_dir_all(&big);
        let _ = std::fs::remove_dir_all(&big_index);
        eprintln!(
            "index x{scale}, 2 threads: {:.2} s ({:.2}x the time)",
            run.seconds,
            run.seconds / two.seconds
        );
        Some(run)
    } else {
        None
    };

    let large = bench::open_index(&resources, &index_dir, Default::default())?;
    let asked = bench::sample_questions(&sources, questions);
    let large_latency = bench::latency(&large, &asked, resources.config.answers.top)?;
    drop(large);
    let small = admin::load_or_build(&resources, &())?.0;
    let dev = small_questions(questions);
    let small_latency = bench::latency(&small, &dev, resources.config.answers.top)?;

    let questions_file = scratch.0.join("questions.txt");
    std::fs::write(&questions_file, asked.join("\n"))?;
    let probe = probe_child(&index_dir, &questions_file)?;
    let report = serde_json::json!({
        "corpus": source.display().to_string(),
        "generated_mb": generated as f64 / 1e6,
        "raw_segmentation_mb_s": raw_mbps,
        "index_1_thread": one,
        "index_2_threads": two,
        "ratio_1_thread": one.mb_per_s / raw_mbps,
        "ratio_2_threads": two.mb_per_s / raw_mbps,
        "index_plain_2_threads_mb_s": plain_mbps,
        "scaled": scaled.as_ref().map(|run| serde_json::json!({
            "scale": scale,
            "run": run,
            "time_ratio": run.seconds / two.seconds,
        })),
        "latency_large": large_latency,
        "latency_small": small_latency,
        "peak_rss_indexing_mb": peak_indexing,
        "serving_rss_mb": probe.0,
        "startup_ms": probe.1,
    });
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!("{}", bench_text(&report));
    }
    Ok(ExitCode::SUCCESS)
}

fn bench_text(r: &serde_json::Value) -> String {
    let f = |v: &serde_json::Value| v.as_f64().unwrap_or_default();
    format!(
        "raw segmentation (1 thread)   {:.1} MB/s\n\
         indexing, 1 thread            {:.1} MB/s  ({:.2}x raw)\n\
         indexing, 2 threads           {:.1} MB/s  ({:.2}x raw)\n\
         indexing plain, 2 threads     {:.1} MB/s\n\
         scaling                       {}\n\
         latency, large corpus         p50 {:.2} ms  p99 {:.2} ms  ({} questions)\n\
         latency, shipped article      p50 {:.3} ms  p99 {:.3} ms  ({} questions)\n\
         peak RSS while indexing       {:.0} MB\n\
         RSS serving large index       {:.0} MB\n\
         start-up with existing index  {:.0} ms",
        f(&r["raw_segmentation_mb_s"]),
        f(&r["index_1_thread"]["mb_per_s"]),
        f(&r["ratio_1_thread"]),
        f(&r["index_2_threads"]["mb_per_s"]),
        f(&r["ratio_2_threads"]),
        f(&r["index_plain_2_threads_mb_s"]),
        match &r["scaled"] {
            serde_json::Value::Null => "skipped".to_string(),
            s => format!(
                "{}x the text took {:.2}x the time",
                s["scale"],
                f(&s["time_ratio"])
            ),
        },
        f(&r["latency_large"]["p50_ms"]),
        f(&r["latency_large"]["p99_ms"]),
        r["latency_large"]["questions"],
        f(&r["latency_small"]["p50_ms"]),
        f(&r["latency_small"]["p99_ms"]),
        r["latency_small"]["questions"],
        f(&r["peak_rss_indexing_mb"]),
        f(&r["serving_rss_mb"]),
        f(&r["startup_ms"]),
    )
}

/// Questions about the shipped article, repeated up to `count`.
fn small_questions(count: usize) -> Vec<String> {
    const BASE: [&str; 10] = [
        "GRPO 为什么重要？",
        "吴翼怎么看强化学习？",
        "DeepSeek 文笔为什么好？",
        "思维链为什么不公开？",
        "R1-Zero 有什么突破？",
        "蒸馏还能怎么做？",
        "方汉高考作文多少分？",
        "今天北京天气怎么样？",
        "MLA 和 MTP 是什么？",
        "合成数据比得上人工标注吗？",
    ];
    (0..count)
        .map(|i| BASE[i % BASE.len()].to_string())
        .collect()
}

/// Runs `fangtan bench-probe` as a separate process: (serving RSS in MB, ms to ready).
fn probe_child(index: &Path, questions: &Path) -> anyhow::Result<(f64, f64)> {
    use std::io::BufReader;
    let exe = std::env::current_exe()?;
    let started = std::time::Instant::now();
    let mut child = std::process::Command::new(exe)
        .args(["bench-probe", "--index"])
        .arg(index)
        .arg("--questions")
        .arg(questions)
        .stdout(std::process::Stdio::piped())
        .spawn()?;
    let stdout = child.stdout.take().context("probe stdout")?;
    let mut lines = BufReader::new(stdout).lines();
    let mut ready_ms = 0.0;
    let mut rss = 0.0;
    while let Some(line) = lines.next().transpose()? {
        if line == "ready" {
            ready_ms = started.elapsed().as_secs_f64() * 1000.0;
        } else if let Some(mb) = line.strip_prefix("rss ") {
            rss = mb.parse().unwrap_or_default();
        }
    }
    child.wait()?;
    Ok((rss, ready_ms))
}

fn bench_probe(config: Config, index: &Path, questions: &Path) -> anyhow::Result<ExitCode> {
    let resources = Resources::load(config)?;
    let engine = fangtan::bench::open_index(&resources, index, Default::default())?;
    println!("ready");
    std::io::stdout().flush()?;
    let text = std::fs::read_to_string(questions)?;
    let asked: Vec<String> = text.lines().map(str::to_string).collect();
    let latency = fangtan::bench::latency(&engine, &asked, resources.config.answers.top)?;
    println!(
        "latency p50 {:.3} p99 {:.3}",
        latency.p50_ms, latency.p99_ms
    );
    println!("rss {:.1}", fangtan::bench::rss_mb().0);
    Ok(ExitCode::SUCCESS)
}

fn serve(config: Config) -> anyhow::Result<ExitCode> {
    // Before the index: a missing or mistyped token must not wait for a build.
    let connection = telegram::Connection::from_env()?;
    let started = std::time::Instant::now();
    let resources = Resources::load(config)?;
    let (engine, report) = admin::load_or_build(&resources, &())?;
    if let Some(report) = &report {
        report_problems(report);
    }
    tracing::info!(
        "loaded {}, {} in {:.2} s ({})",
        plural(engine.manifest.articles.len(), "article", "articles"),
        plural(engine.manifest.passages(), "passage", "passages"),
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
        let bot = connection.client();
        let (signalled, signal) = tokio::sync::watch::channel(false);
        tokio::spawn(async move {
            shutdown_signal().await;
            let _ = signalled.send(true);
        });
        let mut stop = signal.clone();
        let mut grace = signal;
        let stop = async move {
            let _ = stop.wait_for(|s| *s).await;
        };
        // A safety net, not the normal path: if updates in flight do not finish within the
        // grace period after the signal, exit anyway rather than hang a supervisor.
        let grace = async move {
            let _ = grace.wait_for(|s| *s).await;
            tokio::time::sleep(SHUTDOWN_GRACE).await;
        };
        tokio::select! {
            finished = telegram::run(bot, state, stop) => finished,
            () = grace => {
                tracing::warn!(
                    "updates still in flight {} s after the signal; exiting anyway",
                    SHUTDOWN_GRACE.as_secs()
                );
                Ok(())
            }
        }
    })?;
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    tracing::info!("stopped");
    Ok(ExitCode::SUCCESS)
}

/// How long `serve` waits for updates in flight after SIGINT/SIGTERM.
const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(20);

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
    let top = top.unwrap_or(config.answers.top);
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
            "fangtan：{} 篇访谈，{} 段。输入问题，:sources 查看文章，:help 查看命令，:q 退出。",
            engine.manifest.articles.len(),
            engine.manifest.passages()
        );
    }
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    let mut conversation = Conversation::default();
    loop {
        if interactive {
            print!("问> ");
            std::io::stdout().flush()?;
        }
        let Some(line) = lines.next() else { break };
        let line = line?;
        match chat_line(&line) {
            ChatLine::Empty => continue,
            ChatLine::Quit => break,
            ChatLine::Sources => print!("{}", render::sources_plain(&engine.manifest.articles)),
            ChatLine::Help => println!("{CHAT_HELP}"),
            ChatLine::Unknown(command) => {
                println!("未知命令 {command}。{CHAT_HELP}")
            }
            ChatLine::Question(question) => {
                let reply = conversation.ask(&engine, question, top)?;
                println!("{}", render::terminal(&reply, terminal_style()));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The chat commands, as `:help` lists them.
const CHAT_HELP: &str =
    "可用命令：:sources 查看收录的文章，:help 查看命令，:q 退出（冒号全角半角均可）；其他输入（或 /ask 问题）都当作问题。";

/// What one line typed into `fangtan chat` asks for.
#[derive(Debug, PartialEq, Eq)]
enum ChatLine<'a> {
    Empty,
    Quit,
    Sources,
    Help,
    /// A line starting with `:` or `/` that is no chat command (the command word).
    Unknown(&'a str),
    Question(&'a str),
}

fn chat_line(line: &str) -> ChatLine<'_> {
    let line = line.trim();
    // As the bot takes it: `/ask GRPO 为什么重要？` asks.
    if let Some(rest) = line.strip_prefix("/ask") {
        if rest.is_empty() || rest.starts_with(char::is_whitespace) {
            return match rest.trim() {
                "" => ChatLine::Help,
                question => ChatLine::Question(question),
            };
        }
    }
    // A Chinese keyboard types the full-width colon: ：q is :q.
    let command = match line.strip_prefix('：') {
        Some(rest) => format!(":{rest}"),
        None => line.to_string(),
    };
    match command.as_str() {
        "" => ChatLine::Empty,
        ":q" | ":quit" | "/quit" | "exit" | "quit" => ChatLine::Quit,
        ":sources" | "/sources" => ChatLine::Sources,
        ":help" | "/help" | "/start" | ":h" | ":?" => ChatLine::Help,
        _ if line.starts_with([':', '：', '/']) => {
            ChatLine::Unknown(line.split_whitespace().next().unwrap_or(line))
        }
        _ => ChatLine::Question(line),
    }
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
        "indexed {}, {}, {:.2} MB in {:.2} s ({:.1} MB/s){}",
        plural(m.articles.len(), "article", "articles"),
        plural(m.passages(), "passage", "passages"),
        m.bytes as f64 / 1_000_000.0,
        report.elapsed.as_secs_f64(),
        report.megabytes_per_second(),
        if report.errors.is_empty() {
            String::new()
        } else {
            format!("; {} skipped", plural(report.errors.len(), "file", "files"))
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

fn check(path: &Path, passages: bool) -> anyhow::Result<ExitCode> {
    // A path that is not there is a usage problem, reported with the path as given.
    std::fs::metadata(path).map_err(|e| corpus::CorpusError::Unreadable {
        file: path.display().to_string(),
        reason: corpus::io_reason(&e),
    })?;
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
            Ok(article) => {
                out.push_str(&check_line(&article));
                if passages {
                    out.push_str(&passage_lines(&article));
                }
            }
            Err(e) => {
                failed += 1;
                out.push_str(&format!("error: {e}\n"));
            }
        }
    }
    out.push_str(&format!(
        "{}, {} usable, {} with errors\n",
        plural(files.len(), "file", "files"),
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
    // (speaker, turns, asks): a show's second host and a press conference's reporters ask too.
    let mut turns: Vec<(String, usize, bool)> = Vec::new();
    for turn in &article.turns {
        match turns.iter_mut().find(|(name, ..)| *name == turn.speaker) {
            Some((_, n, asks)) => {
                *n += 1;
                *asks |= turn.is_host;
            }
            None => turns.push((turn.speaker.clone(), 1, turn.is_host)),
        }
    }
    let speakers: Vec<String> = turns
        .iter()
        .map(|(name, n, asks)| {
            let host = if *asks { "主持, " } else { "" };
            format!("{name} ({host}{})", plural(*n, "turn", "turns"))
        })
        .collect();
    let lead = article
        .passages
        .iter()
        .filter(|p| p.is_lead() && !p.narration)
        .count();
    let told = article.passages.iter().filter(|p| p.narration).count();
    let hosts = article.passages.iter().filter(|p| p.host_turn).count();
    let parts: Vec<String> = [
        (lead, "in the lead"),
        (told, "narrated by the writer"),
        (hosts, "by the host"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} {what}"))
    .collect();
    let all = plural(article.passages.len(), "passage", "passages");
    let passages = match parts.is_empty() {
        true => all,
        false => format!("{all} ({})", parts.join(", ")),
    };
    let mut out = format!(
        "{}: 《{}》 {}, {passages}; speakers: {}\n",
        article.path,
        article.meta.title,
        plural(article.turns.len(), "turn", "turns"),
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

/// One line per passage, in the article's order: where it starts, whose words it is (导语 and
/// 作者叙述 for the writer's, as answers show them), and its first words, so a maintainer sees
/// how an article was cut.
fn passage_lines(article: &corpus::Article) -> String {
    const OPENING_CHARS: usize = 40;
    let mut passages: Vec<&corpus::Passage> = article.passages.iter().collect();
    passages.sort_by_key(|p| p.range.start);
    let mut out = String::new();
    for p in passages {
        let text = article.text.get(p.range.clone()).unwrap_or_default();
        let opening: String = text
            .chars()
            .map(|c| if c.is_whitespace() { ' ' } else { c })
            .take(OPENING_CHARS)
            .collect();
        let speaker = match (p.is_lead(), p.narration) {
            (true, true) => "作者叙述",
            (true, false) => "导语",
            (false, _) => p.speaker.as_str(),
        };
        let host = if p.host_turn { " (主持)" } else { "" };
        out.push_str(&format!(
            "  {}  line {}  {speaker}{host}: {opening}\n",
            p.id, p.line
        ));
    }
    out
}

fn terminal_style() -> Style {
    if colour_on(&std::io::stdout()) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_show_each_cause_once_in_plain_words() {
        #[derive(Debug, thiserror::Error)]
        #[error("{path}: {source}")]
        struct Echoing {
            path: String,
            source: std::io::Error,
        }
        let not_found = || std::io::Error::from_raw_os_error(2);
        let e = anyhow::Error::new(Echoing {
            path: "/tmp/x.jsonl".into(),
            source: not_found(),
        });
        assert_eq!(user_message(&e), "/tmp/x.jsonl: no such file or folder");
        let e = anyhow::Error::new(not_found()).context("reading /tmp/y");
        assert_eq!(user_message(&e), "reading /tmp/y: no such file or folder");
        let e = anyhow::anyhow!("plain");
        assert_eq!(user_message(&e), "plain");
    }

    #[test]
    fn chat_lines() {
        assert_eq!(chat_line("  "), ChatLine::Empty);
        assert_eq!(chat_line(":q"), ChatLine::Quit);
        assert_eq!(chat_line("/sources"), ChatLine::Sources);
        for help in [":help", "/help", "/start"] {
            assert_eq!(chat_line(help), ChatLine::Help, "{help}");
        }
        assert_eq!(chat_line(":foo bar"), ChatLine::Unknown(":foo"));
        assert_eq!(chat_line("/ask GRPO"), ChatLine::Question("GRPO"));
        assert_eq!(chat_line("/ask"), ChatLine::Help);
        assert_eq!(chat_line("/asking"), ChatLine::Unknown("/asking"));
        assert_eq!(chat_line("：q"), ChatLine::Quit);
        assert_eq!(chat_line("：sources"), ChatLine::Sources);
        assert_eq!(chat_line("：foo"), ChatLine::Unknown("：foo"));
        assert_eq!(
            chat_line(" GRPO 为什么重要？ "),
            ChatLine::Question("GRPO 为什么重要？")
        );
    }

    #[test]
    fn top_is_checked_against_the_config_range() {
        assert_eq!(top_in_range("1"), Ok(1));
        assert_eq!(top_in_range("10"), Ok(10));
        for bad in ["0", "11", "100", "-1", "x"] {
            let err = top_in_range(bad).unwrap_err();
            assert!(err.contains("between 1 and 10"), "{bad}: {err}");
        }
        use clap::CommandFactory;
        let mut command = Cli::command();
        let ask = command.find_subcommand_mut("ask").expect("ask");
        let help = ask.render_help().to_string();
        assert!(help.contains("1–10"), "{help}");
    }

    #[test]
    fn eval_options_are_described() {
        use clap::CommandFactory;
        let mut command = Cli::command();
        let eval = command.find_subcommand_mut("eval").expect("eval");
        for arg in eval.get_arguments() {
            if !arg.is_hide_set() && arg.get_id() != "help" {
                assert!(arg.get_help().is_some(), "--{} has no help", arg.get_id());
            }
        }
    }
}
