//! Index lifecycle and operations: fingerprinting the corpus, building a new index version off
//! to the side, publishing it atomically, loading the current one (rebuilding when the corpus
//! changed), hot reloads that never disturb readers, and serving statistics.
//!
//! On disk, `index_dir` holds `CURRENT` (the name of the live version folder, replaced by
//! rename) and version folders `v-*`. Builds happen in `tmp-*` folders that are renamed into
//! place only when complete, so a crash at any moment leaves the old version serving and at most
//! a stale `tmp-*` folder, which the next build removes.
//!
//! Must not import: teloxide, tokio (the bot calls [`Library::reload`] on its blocking pool).

use std::collections::BTreeMap;
use std::fs;
use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::answer::Engine;
use crate::config::Config;
use crate::corpus::{self, Article, CorpusError};
use crate::search::{
    self, Analyzer, ArticleEntry, Manifest, Progress, SearchError, SearchIndex, StoredPassage,
};
use crate::segment::{DictError, Segmenter};

const CURRENT: &str = "CURRENT";
const MANIFEST: &str = "manifest.json";

#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    #[error("{path}: {}", corpus::io_reason(source))]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Corpus(#[from] CorpusError),
    #[error(transparent)]
    Search(#[from] SearchError),
    #[error("{file}: {source}")]
    Dict { file: String, source: DictError },
    /// Nothing to index: `skipped` says why each file was not usable.
    #[error(
        "the corpus folder {dir} has no usable article{}",
        skipped_list(skipped)
    )]
    EmptyCorpus {
        dir: String,
        skipped: Vec<CorpusError>,
    },
    #[error("{0}: manifest is damaged")]
    Manifest(String),
    #[error("a reload is already running")]
    Busy,
}

/// "1 file", "2 files": a count with the right form of its noun.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// ": no article files (.md, .markdown, .txt)" when there were none, else the files skipped,
/// one per line, as `fangtan index` lists them when some articles are usable.
fn skipped_list(skipped: &[CorpusError]) -> String {
    if skipped.is_empty() {
        return ": no article files (.md, .markdown, .txt)".into();
    }
    let mut out = format!("; {} skipped:", plural(skipped.len(), "file", "files"));
    for e in skipped {
        out.push_str(&format!("\nskipped: {e}"));
    }
    out
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> AdminError + '_ {
    move |source| AdminError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// The process-wide, build-once pieces: the segmenter (one jieba) and the query analyzer.
#[derive(Debug, Clone)]
pub struct Resources {
    pub config: Config,
    pub segmenter: Arc<Segmenter>,
    pub analyzer: Arc<Analyzer>,
    user_dict: String,
}

impl Resources {
    pub fn load(config: Config) -> Result<Resources, AdminError> {
        let user_dict = fs::read_to_string(&config.user_dict).map_err(io(&config.user_dict))?;
        let stopwords = fs::read_to_string(&config.stopwords).map_err(io(&config.stopwords))?;
        let synonyms = fs::read_to_string(&config.synonyms).map_err(io(&config.synonyms))?;
        let segmenter = Segmenter::new(&user_dict).map_err(|source| AdminError::Dict {
            file: config.user_dict.display().to_string(),
            source,
        })?;
        let segmenter = Arc::new(segmenter);
        let analyzer = Arc::new(Analyzer::new(Arc::clone(&segmenter), &stopwords, &synonyms));
        Ok(Resources {
            config,
            segmenter,
            analyzer,
            user_dict,
        })
    }
}

/// What a build produced, for the summary line and reload replies.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub manifest: Manifest,
    pub errors: Vec<CorpusError>,
    /// (file, line, message) lint warnings of indexed articles.
    pub warnings: Vec<(String, usize, String)>,
    pub elapsed: Duration,
}

impl BuildReport {
    pub fn megabytes_per_second(&self) -> f64 {
        let secs = self.elapsed.as_secs_f64().max(1e-9);
        self.manifest.bytes as f64 / 1_000_000.0 / secs
    }
}

/// Fingerprint of what an index depends on: the article files (path, size, mtime), the user
/// dictionary and the schema version.
pub fn fingerprint(corpus_dir: &Path, user_dict: &str) -> Result<String, AdminError> {
    let mut h = Fnv::new();
    h.write_u32(search::SCHEMA_VERSION);
    h.write(user_dict.as_bytes());
    let (files, _unlistable) = corpus::scan(corpus_dir)?;
    for file in files {
        let label = corpus::relative_label(corpus_dir, &file);
        h.write(label.as_bytes());
        h.write_u8(0);
        if let Ok(meta) = fs::metadata(&file) {
            h.write_u64(meta.len());
            let mtime = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            h.write_u128(mtime);
        }
    }
    Ok(format!("{:016x}", h.finish()))
}

fn content_hash(article: &Article) -> String {
    let mut h = Fnv::new();
    h.write(format!("{:?}{:?}", article.meta, article.speakers).as_bytes());
    h.write(article.text.as_bytes());
    format!("{:016x}", h.finish())
}

/// FNV-1a: a stable hash (std's `DefaultHasher` may change between Rust releases, and these
/// values are stored on disk).
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// Builds a new index version from the corpus folder and publishes it as current.
pub fn build(
    resources: &Resources,
    progress: &dyn BuildProgress,
) -> Result<(Engine, BuildReport), AdminError> {
    let built = build_and_open(resources, progress);
    release_freed_memory();
    built
}

/// Hands memory freed by a build back to the operating system. A build of a large corpus
/// frees hundreds of megabytes (the parsed corpus, tantivy's indexing arenas) that glibc
/// otherwise keeps mapped in its heaps for the life of the process: a bot that rebuilt the
/// 63 MB bench corpus at start-up held 563 MB instead of the ~50 MB of one that opened the
/// same index (docs/performance.md, fourth session).
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        extern "C" {
            fn malloc_trim(pad: usize) -> std::os::raw::c_int;
        }
        // SAFETY: malloc_trim only returns free heap pages to the kernel; it takes no
        // pointers and may be called at any time from any thread.
        unsafe {
            malloc_trim(0);
        }
    }
}

fn build_and_open(
    resources: &Resources,
    progress: &dyn BuildProgress,
) -> Result<(Engine, BuildReport), AdminError> {
    let started = Instant::now();
    let config = &resources.config;
    let fingerprint = fingerprint(&config.corpus_dir, &resources.user_dict)?;
    let corpus = corpus::load_dir(&config.corpus_dir)?;
    if corpus.articles.is_empty() {
        return Err(AdminError::EmptyCorpus {
            dir: config.corpus_dir.display().to_string(),
            skipped: corpus.errors,
        });
    }
    fs::create_dir_all(&config.index_dir).map_err(io(&config.index_dir))?;
    remove_stale_builds(&config.index_dir);
    let tmp = config
        .index_dir
        .join(format!("tmp-{}-{}", unix_millis(), std::process::id()));
    fs::create_dir(&tmp).map_err(io(&tmp))?;
    let result = build_into(&tmp, resources, &corpus, fingerprint, started, progress);
    let manifest = match result {
        Ok(manifest) => manifest,
        Err(e) => {
            let _ = fs::remove_dir_all(&tmp);
            return Err(e);
        }
    };
    let version = publish(&config.index_dir, &tmp)?;
    let index = SearchIndex::open(&version, &resources.segmenter)?;
    let report = BuildReport {
        warnings: corpus
            .articles
            .iter()
            .flat_map(|a| {
                a.warnings
                    .iter()
                    .map(|w| (a.path.clone(), w.line, w.message.clone()))
            })
            .collect(),
        errors: corpus.errors,
        manifest: manifest.clone(),
        elapsed: started.elapsed(),
    };
    let engine = Engine::new(
        index,
        Arc::clone(&resources.analyzer),
        manifest,
        config.answers,
    );
    Ok((engine, report))
}

/// Progress callbacks of a build: the passage total once known, then passages done.
pub trait BuildProgress: Progress {
    fn start(&self, _passages: usize) {}
}

impl BuildProgress for () {}

fn build_into(
    dir: &Path,
    resources: &Resources,
    corpus: &corpus::Corpus,
    fingerprint: String,
    started: Instant,
    progress: &dyn BuildProgress,
) -> Result<Manifest, AdminError> {
    // Passages are made as the indexer takes them: a second copy of the whole corpus would
    // only raise the build's peak memory.
    let passages = corpus.articles.iter().flat_map(StoredPassage::all_of);
    progress.start(corpus.passage_count());
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    search::build_index(dir, &resources.segmenter, passages, threads, progress)?;
    let manifest = Manifest {
        schema_version: search::SCHEMA_VERSION,
        fingerprint,
        built_at: unix_millis() / 1000,
        build_ms: started.elapsed().as_millis() as u64,
        bytes: corpus.articles.iter().map(|a| a.text.len() as u64).sum(),
        articles: corpus.articles.iter().map(entry).collect(),
        problems: corpus.errors.iter().map(ToString::to_string).collect(),
    };
    let json = serde_json::to_vec_pretty(&manifest).map_err(|e| AdminError::Io {
        path: dir.join(MANIFEST).display().to_string(),
        source: e.into(),
    })?;
    write_synced(&dir.join(MANIFEST), &json)?;
    Ok(manifest)
}

fn entry(article: &Article) -> ArticleEntry {
    ArticleEntry {
        path: article.path.clone(),
        title: article.meta.title.clone(),
        url: article.meta.url.clone(),
        source: article.meta.source.clone(),
        date: article.meta.date.clone(),
        passages: article.passages.len(),
        speakers: article.speakers.keys().cloned().collect(),
        roles: article
            .speakers
            .iter()
            .filter_map(|(name, role)| Some((name.clone(), role.clone()?)))
            .collect(),
        host: article.host.clone(),
        addressed: article.forms_of_address().into_iter().collect(),
        relayed: article.relayed_only(),
        hash: content_hash(article),
    }
}

/// Renames the finished build into a version folder, then points `CURRENT` at it (write to a
/// temporary file, fsync, rename: readers see the old or the new name, never a torn one).
fn publish(index_dir: &Path, tmp: &Path) -> Result<PathBuf, AdminError> {
    let name = format!("v-{}-{}", unix_millis(), std::process::id());
    let version = index_dir.join(&name);
    fs::rename(tmp, &version).map_err(io(&version))?;
    let pointer = index_dir.join(format!("{CURRENT}.tmp-{}", std::process::id()));
    write_synced(&pointer, name.as_bytes())?;
    let current = index_dir.join(CURRENT);
    fs::rename(&pointer, &current).map_err(io(&current))?;
    sync_dir(index_dir);
    remove_old_versions(index_dir, &name);
    Ok(version)
}

fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), AdminError> {
    use std::io::Write;
    let mut file = fs::File::create(path).map_err(io(path))?;
    file.write_all(bytes).map_err(io(path))?;
    file.sync_all().map_err(io(path))
}

fn sync_dir(dir: &Path) {
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Keeps the current version and the one before it (a process that loaded it may still be
/// reading; on Unix its open files survive deletion anyway).
fn remove_old_versions(index_dir: &Path, current: &str) {
    let mut versions: Vec<String> = list_dir(index_dir)
        .into_iter()
        .filter(|n| n.starts_with("v-") && n != current)
        .collect();
    versions.sort_by_key(|n| version_millis(n));
    // The newest of the others is the previous version: keep it.
    versions.pop();
    for name in versions {
        let _ = fs::remove_dir_all(index_dir.join(name));
    }
}

fn version_millis(name: &str) -> u64 {
    name.split('-')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// Removes `tmp-*` build folders (and `CURRENT.tmp-*` files) left by processes that are gone.
fn remove_stale_builds(index_dir: &Path) {
    for name in list_dir(index_dir) {
        let Some(pid) = stale_pid(&name) else {
            continue;
        };
        if pid != std::process::id() && !process_alive(pid) {
            let path = index_dir.join(&name);
            let _ = fs::remove_dir_all(&path).or_else(|_| fs::remove_file(&path));
        }
    }
}

fn stale_pid(name: &str) -> Option<u32> {
    if let Some(rest) = name.strip_prefix("tmp-") {
        return rest.split('-').nth(1)?.parse().ok();
    }
    name.strip_prefix("CURRENT.tmp-")?.parse().ok()
}

fn process_alive(pid: u32) -> bool {
    let proc_root = Path::new("/proc");
    if proc_root.is_dir() {
        proc_root.join(pid.to_string()).exists()
    } else {
        // Without /proc we cannot tell; leave it for a later build rather than break one.
        true
    }
}

fn list_dir(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

fn unix_millis() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// Opens the current index version, if there is one and it is readable.
pub fn open_current(resources: &Resources) -> Result<Option<Engine>, AdminError> {
    let index_dir = &resources.config.index_dir;
    let Ok(name) = fs::read_to_string(index_dir.join(CURRENT)) else {
        return Ok(None);
    };
    let version = index_dir.join(name.trim());
    let manifest_path = version.join(MANIFEST);
    let Ok(bytes) = fs::read(&manifest_path) else {
        return Ok(None);
    };
    let manifest: Manifest = serde_json::from_slice(&bytes)
        .map_err(|_| AdminError::Manifest(manifest_path.display().to_string()))?;
    let index = SearchIndex::open(&version, &resources.segmenter)?;
    Ok(Some(Engine::new(
        index,
        Arc::clone(&resources.analyzer),
        manifest,
        resources.config.answers,
    )))
}

/// Opens the current index when it matches the corpus; otherwise builds a new one.
pub fn load_or_build(
    resources: &Resources,
    progress: &dyn BuildProgress,
) -> Result<(Engine, Option<BuildReport>), AdminError> {
    let wanted = fingerprint(&resources.config.corpus_dir, &resources.user_dict)?;
    match open_current(resources) {
        Ok(Some(engine))
            if engine.manifest.fingerprint == wanted
                && engine.manifest.schema_version == search::SCHEMA_VERSION =>
        {
            Ok((engine, None))
        }
        _ => build(resources, progress).map(|(engine, report)| (engine, Some(report))),
    }
}

/// What a reload changed, article by article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    pub added: Vec<String>,
    pub changed: Vec<String>,
    pub removed: Vec<String>,
}

impl Changes {
    pub fn between(old: &Manifest, new: &Manifest) -> Changes {
        let before: BTreeMap<&str, &str> = old
            .articles
            .iter()
            .map(|a| (a.path.as_str(), a.hash.as_str()))
            .collect();
        let after: BTreeMap<&str, &str> = new
            .articles
            .iter()
            .map(|a| (a.path.as_str(), a.hash.as_str()))
            .collect();
        let mut changes = Changes::default();
        for (path, hash) in &after {
            match before.get(path) {
                None => changes.added.push(path.to_string()),
                Some(old_hash) if old_hash != hash => changes.changed.push(path.to_string()),
                Some(_) => {}
            }
        }
        for path in before.keys().filter(|p| !after.contains_key(*p)) {
            changes.removed.push(path.to_string());
        }
        changes
    }
}

#[derive(Debug, Clone)]
pub struct ReloadReport {
    pub changes: Changes,
    pub build: BuildReport,
}

/// The live engine plus what it takes to replace it. Readers take an `Arc<Engine>` snapshot and
/// keep it for the whole question, so a swap never affects an answer in progress.
#[derive(Debug)]
pub struct Library {
    resources: Resources,
    current: RwLock<Arc<Engine>>,
    reload_lock: Mutex<()>,
    stats: Stats,
}

impl Library {
    pub fn new(resources: Resources, engine: Engine) -> Library {
        Library {
            resources,
            current: RwLock::new(Arc::new(engine)),
            reload_lock: Mutex::new(()),
            stats: Stats::new(),
        }
    }

    pub fn engine(&self) -> Arc<Engine> {
        match self.current.read() {
            Ok(guard) => Arc::clone(&guard),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    pub fn resources(&self) -> &Resources {
        &self.resources
    }

    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    /// Re-reads the corpus folder, builds a new index beside the live one and swaps it in.
    /// Blocking; one at a time (a second caller gets [`AdminError::Busy`]). On any failure the
    /// live index stays.
    pub fn reload(&self) -> Result<ReloadReport, AdminError> {
        let _guard = self.lock_reloads()?;
        self.rebuild()
    }

    /// Adds an article an admin sent (`file_name` is the name it came with) to the corpus
    /// folder and reloads. The article is checked first: a file that cannot be used is not
    /// saved. It goes to the top of the folder, or replaces the one indexed article of the
    /// same file name wherever it is (case aside); a file it replaces is copied into
    /// [`PREVIOUS_DIR`] first. If the reload fails, the folder is put back as it was and the
    /// live index stays.
    pub fn add_article(&self, file_name: &str, raw: &[u8]) -> Result<AddReport, ArticleFileError> {
        let name = article_file_name(file_name)?;
        let article = corpus::parse_bytes(&name, raw)?;
        let _guard = self.lock_reloads().map_err(|_| ArticleFileError::Busy)?;
        let dir = &self.resources.config.corpus_dir;
        let engine = self.engine();
        let path = same_named(&engine.manifest, &name).unwrap_or(name);
        let target = dir.join(&path);
        let indexed = engine
            .manifest
            .articles
            .iter()
            .any(|a| a.path == path && a.hash == content_hash(&article));
        let on_disk = read_plain_file(&target, &path)?;
        let same_file = on_disk.as_deref() == Some(raw);
        let mut report = AddReport {
            file: path.clone(),
            title: article.meta.title.clone(),
            passages: article.passages.len(),
            speakers: article.speakers.keys().cloned().collect(),
            warnings: article.warnings.clone(),
            saved: Saved::Unchanged,
            kept_as: None,
            reload: None,
        };
        if same_file {
            if indexed {
                return Ok(report);
            }
            // Put there by hand and not reloaded yet: only the reload is missing.
            report.saved = Saved::AlreadyThere;
            report.reload = Some(self.rebuild_or_undo(|| Ok(()))?);
            return Ok(report);
        }
        let kept = match on_disk {
            Some(_) => Some(keep_copy(dir, &path).map_err(ArticleFileError::Write)?),
            None => None,
        };
        if let Err(e) = write_atomically(&target, raw) {
            if let Some(kept) = &kept {
                let _ = fs::remove_file(kept);
            }
            return Err(ArticleFileError::Write(e));
        }
        report.saved = match kept {
            Some(_) => Saved::Replaced,
            None => Saved::Added,
        };
        report.kept_as = kept.as_deref().map(|k| relative_to(dir, k));
        report.reload = Some(self.rebuild_or_undo(|| restore(&target, kept.as_deref()))?);
        Ok(report)
    }

    /// Takes an article out of the corpus folder (moved into [`PREVIOUS_DIR`]) and reloads.
    /// `file` is its path as the index lists it; if the reload fails (say, nothing else is
    /// left), the file is put back and the live index stays.
    pub fn remove_article(&self, file: &str) -> Result<RemoveReport, ArticleFileError> {
        let _guard = self.lock_reloads().map_err(|_| ArticleFileError::Busy)?;
        let known = self
            .engine()
            .manifest
            .articles
            .iter()
            .any(|a| a.path == file);
        if !known {
            return Err(ArticleFileError::NotInCorpus(file.to_string()));
        }
        let dir = &self.resources.config.corpus_dir;
        let target = dir.join(file);
        let kept = previous_path(dir, file).map_err(ArticleFileError::Write)?;
        // A rename moves the file (or a symlink itself) whole, and cannot half happen.
        fs::rename(&target, &kept).map_err(|e| ArticleFileError::Write(io(&target)(e)))?;
        sync_dirs(&[&kept, &target]);
        let reload = self.rebuild_or_undo(|| restore(&target, Some(&kept)))?;
        Ok(RemoveReport {
            file: file.to_string(),
            kept_as: relative_to(dir, &kept),
            reload,
        })
    }

    /// Rebuilds after a change to the corpus folder; when that fails or panics, `undo` puts
    /// the folder back first (and a panic goes on after it).
    fn rebuild_or_undo(
        &self,
        undo: impl FnOnce() -> Result<(), String>,
    ) -> Result<ReloadReport, ArticleFileError> {
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.rebuild())) {
            Ok(Ok(report)) => Ok(report),
            Ok(Err(error)) => Err(match undo() {
                Ok(()) => ArticleFileError::Reload(error),
                Err(reason) => ArticleFileError::NotRestored { error, reason },
            }),
            Err(panic) => {
                if let Err(reason) = undo() {
                    tracing::error!("the corpus folder could not be put back: {reason}");
                }
                std::panic::resume_unwind(panic)
            }
        }
    }

    /// One reload, upload or removal at a time: a second caller gets [`AdminError::Busy`].
    fn lock_reloads(&self) -> Result<std::sync::MutexGuard<'_, ()>, AdminError> {
        match self.reload_lock.try_lock() {
            Ok(guard) => Ok(guard),
            Err(std::sync::TryLockError::WouldBlock) => Err(AdminError::Busy),
            Err(std::sync::TryLockError::Poisoned(p)) => Ok(p.into_inner()),
        }
    }

    /// Builds from the corpus folder and swaps the new engine in; the caller holds the lock.
    fn rebuild(&self) -> Result<ReloadReport, AdminError> {
        let (engine, build) = build(&self.resources, &())?;
        let changes = Changes::between(&self.engine().manifest, &engine.manifest);
        let engine = Arc::new(engine);
        match self.current.write() {
            Ok(mut guard) => *guard = engine,
            Err(poisoned) => *poisoned.into_inner() = engine,
        }
        self.stats.record_reload(&build);
        Ok(ReloadReport { changes, build })
    }
}

/// Where articles that an admin replaced or removed are kept, inside the corpus folder: a
/// hidden folder, so never indexed, and the old text can be put back by hand.
pub const PREVIOUS_DIR: &str = ".previous";

/// The largest article an admin can send through Telegram: what the Bot API lets a bot
/// download.
pub const MAX_UPLOAD_BYTES: u64 = 20 * 1024 * 1024;

/// Why an article could not be added or removed.
#[derive(Debug, thiserror::Error)]
pub enum ArticleFileError {
    #[error(
        "{0}: not an article file name (it must end in .md, .markdown or .txt, not start with \
         a dot, hold no slash, backslash or control character, and be at most {MAX_NAME_BYTES} \
         bytes long)"
    )]
    BadName(String),
    #[error("{0}: no article of the index has this path")]
    NotInCorpus(String),
    /// Something by that name is in the corpus folder and is no plain, readable file (a
    /// folder, a symlink, a file that cannot be read): it is left alone.
    #[error("{0}: in the corpus folder, but not a plain file that can be read")]
    NotPlainFile(String),
    #[error(transparent)]
    Unusable(#[from] CorpusError),
    /// Another reload, upload or removal is running; nothing was changed.
    #[error("a reload is already running")]
    Busy,
    /// Writing to the corpus folder failed; nothing was changed.
    #[error("could not write to the corpus folder: {0}")]
    Write(AdminError),
    /// The reload failed; the corpus folder was put back as it was.
    #[error(transparent)]
    Reload(AdminError),
    /// The reload failed, and so did putting the corpus folder back: it holds the change
    /// while the live index does not.
    #[error("{error}; and the corpus folder could not be put back: {reason}")]
    NotRestored { error: AdminError, reason: String },
}

/// What happened to the file an admin sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    Added,
    /// An article of that name was there; a copy of it is kept under [`PREVIOUS_DIR`].
    Replaced,
    /// The same file is already there and indexed: nothing was done.
    Unchanged,
    /// The same file was already there (put there by hand) but not indexed: reloaded.
    AlreadyThere,
}

/// The outcome of [`Library::add_article`].
#[derive(Debug, Clone)]
pub struct AddReport {
    /// Its path in the corpus folder.
    pub file: String,
    pub title: String,
    pub passages: usize,
    pub speakers: Vec<String>,
    pub warnings: Vec<corpus::Warning>,
    pub saved: Saved,
    /// Where the replaced file was copied, relative to the corpus folder.
    pub kept_as: Option<String>,
    /// The reload that put it live; `None` when the file was unchanged.
    pub reload: Option<ReloadReport>,
}

/// The outcome of [`Library::remove_article`].
#[derive(Debug, Clone)]
pub struct RemoveReport {
    pub file: String,
    /// Where the file now is, relative to the corpus folder.
    pub kept_as: String,
    pub reload: ReloadReport,
}

/// The longest file name an article sent by an admin may have, in bytes: file systems allow
/// 255, and the temporary and kept copies add a prefix.
pub const MAX_NAME_BYTES: usize = 180;

/// The name an article sent by an admin is saved under: the name it came with, when that is a
/// plain article file name (no folders, not hidden, no control or bidirectional-text
/// characters, `.md`/`.markdown`/`.txt`).
pub fn article_file_name(name: &str) -> Result<String, ArticleFileError> {
    let name = name.trim();
    let stem = name.rsplit_once('.').map_or("", |(stem, _)| stem);
    let invisible = |c: char| {
        c.is_control()
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
    };
    let plain = !stem.trim().is_empty()
        && name.len() <= MAX_NAME_BYTES
        && !name.starts_with('.')
        && !name.contains(['/', '\\'])
        && !name.chars().any(invisible)
        && corpus::is_article_name(Path::new(name));
    if plain {
        Ok(name.to_string())
    } else {
        Err(ArticleFileError::BadName(name.to_string()))
    }
}

/// The path of the one indexed article whose file name is `name`, case aside, wherever it is
/// in the corpus folder.
fn same_named(manifest: &Manifest, name: &str) -> Option<String> {
    let name = name.to_lowercase();
    let mut same = manifest
        .articles
        .iter()
        .filter(|a| a.path.rsplit('/').next().map(str::to_lowercase) == Some(name.clone()));
    match (same.next(), same.next()) {
        (Some(one), None) => Some(one.path.clone()),
        _ => None,
    }
}

/// The bytes of the file at `target` (labelled `path`), `None` when there is none; an error
/// when something else is there (a folder, a symlink, a file that cannot be read).
fn read_plain_file(target: &Path, path: &str) -> Result<Option<Vec<u8>>, ArticleFileError> {
    let not_plain = || ArticleFileError::NotPlainFile(path.to_string());
    match fs::symlink_metadata(target) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Ok(meta) if meta.is_file() => fs::read(target).map(Some).map_err(|_| not_plain()),
        _ => Err(not_plain()),
    }
}

/// A new path in `dir/.previous/` for the file `path` (under `dir`), named after the time and
/// the path.
fn previous_path(dir: &Path, path: &str) -> Result<PathBuf, AdminError> {
    let previous = dir.join(PREVIOUS_DIR);
    fs::create_dir_all(&previous).map_err(io(&previous))?;
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let flat = path.replace(['/', '\\'], "-");
    let mut kept = previous.join(format!("{secs}-{flat}"));
    for n in 2.. {
        if !kept.exists() {
            break;
        }
        kept = previous.join(format!("{secs}-{n}-{flat}"));
    }
    Ok(kept)
}

/// Copies the file `path` (under `dir`) into `dir/.previous/`, on disk before it returns, and
/// gives the copy's path.
fn keep_copy(dir: &Path, path: &str) -> Result<PathBuf, AdminError> {
    let kept = previous_path(dir, path)?;
    let source = dir.join(path);
    fs::copy(&source, &kept).map_err(io(&source))?;
    fs::File::open(&kept)
        .and_then(|f| f.sync_all())
        .map_err(io(&kept))?;
    sync_dirs(&[&kept]);
    Ok(kept)
}

/// Writes `target` so that readers see the old file or the new one, never a part.
fn write_atomically(target: &Path, bytes: &[u8]) -> Result<(), AdminError> {
    let name = target
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let tmp = target.with_file_name(format!(".upload-{}-{name}", std::process::id()));
    let written =
        write_synced(&tmp, bytes).and_then(|()| fs::rename(&tmp, target).map_err(io(target)));
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written?;
    sync_dirs(&[target]);
    Ok(())
}

/// Undoes a change to `target` after a failed reload: the kept file moves back, or the added
/// file goes away. Says why when it cannot.
fn restore(target: &Path, kept: Option<&Path>) -> Result<(), String> {
    let undone = match kept {
        Some(kept) => fs::rename(kept, target),
        None => fs::remove_file(target),
    };
    undone.map_err(|e| format!("{}: {}", target.display(), corpus::io_reason(&e)))?;
    sync_dirs(&[target]);
    Ok(())
}

/// Makes the folders holding `paths` durable (their entries: renames, new files).
fn sync_dirs(paths: &[&Path]) {
    for path in paths {
        if let Some(parent) = path.parent() {
            sync_dir(parent);
        }
    }
}

fn relative_to(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir).unwrap_or(path).display().to_string()
}

/// Serving statistics for `/stats`.
#[derive(Debug)]
pub struct Stats {
    started: Instant,
    inner: Mutex<StatsInner>,
}

#[derive(Debug, Default)]
struct StatsInner {
    answered: u64,
    unanswered: u64,
    /// Recent answer times (ms), a bounded ring for the median.
    times_ms: Vec<f64>,
    next: usize,
    last_reload: Option<(SystemTime, Duration)>,
}

const TIMES_KEPT: usize = 1024;

/// A copy of the statistics at one moment.
#[derive(Debug, Clone, PartialEq)]
pub struct StatsSnapshot {
    pub questions: u64,
    pub answered: u64,
    pub no_answer_rate: f64,
    pub median_ms: Option<f64>,
    pub uptime: Duration,
    /// Seconds since the last reload, and how long it took.
    pub last_reload: Option<(Duration, Duration)>,
}

impl Stats {
    fn new() -> Stats {
        Stats {
            started: Instant::now(),
            inner: Mutex::new(StatsInner::default()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, StatsInner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn record_question(&self, answered: bool, took: Duration) {
        let mut s = self.lock();
        if answered {
            s.answered += 1;
        } else {
            s.unanswered += 1;
        }
        let ms = took.as_secs_f64() * 1000.0;
        if s.times_ms.len() < TIMES_KEPT {
            s.times_ms.push(ms);
        } else {
            let i = s.next % TIMES_KEPT;
            s.times_ms[i] = ms;
        }
        s.next = s.next.wrapping_add(1);
    }

    fn record_reload(&self, build: &BuildReport) {
        self.lock().last_reload = Some((SystemTime::now(), build.elapsed));
    }

    pub fn snapshot(&self) -> StatsSnapshot {
        let s = self.lock();
        let questions = s.answered + s.unanswered;
        let mut times = s.times_ms.clone();
        times.sort_by(f64::total_cmp);
        StatsSnapshot {
            questions,
            answered: s.answered,
            no_answer_rate: if questions == 0 {
                0.0
            } else {
                s.unanswered as f64 / questions as f64
            },
            median_ms: times.get(times.len() / 2).copied(),
            uptime: self.started.elapsed(),
            last_reload: s.last_reload.map(|(at, took)| {
                (
                    SystemTime::now().duration_since(at).unwrap_or_default(),
                    took,
                )
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unusable_corpus_says_why_each_file_was_skipped() {
        let err = AdminError::EmptyCorpus {
            dir: "/tmp/c".into(),
            skipped: vec![
                CorpusError::NoPassages {
                    file: "a.md".into(),
                },
                CorpusError::FrontMatter {
                    file: "b.md".into(),
                    line: 3,
                    reason: "bad".into(),
                },
            ],
        };
        assert_eq!(
            err.to_string(),
            "the corpus folder /tmp/c has no usable article; 2 files skipped:\n\
             skipped: a.md: no passages found (no `Name：` speaker labels with answers; a name used as a label only once counts when declared under `speakers:`)\n\
             skipped: b.md:3: front matter: bad"
        );
        let err = AdminError::EmptyCorpus {
            dir: "/tmp/c".into(),
            skipped: Vec::new(),
        };
        assert_eq!(
            err.to_string(),
            "the corpus folder /tmp/c has no usable article: no article files (.md, .markdown, .txt)"
        );
    }

    #[test]
    fn an_uploaded_file_keeps_its_name_only_when_it_is_a_plain_article_name() {
        for name in ["访谈 2025.md", "Notes.MARKDOWN", "a.txt", " quantum.md "] {
            assert_eq!(article_file_name(name).unwrap(), name.trim(), "{name}");
        }
        for name in [
            "slides.pdf",
            "README",
            ".hidden.md",
            ".md",
            " .md",
            "../up.md",
            "sub/dir.md",
            "c:\\evil.md",
            "line\nbreak.md",
            "",
        ] {
            assert!(
                matches!(article_file_name(name), Err(ArticleFileError::BadName(_))),
                "{name:?}"
            );
        }
        // At most 180 bytes: 59 three-byte characters and `.md` are 180.
        assert!(article_file_name(&format!("{}.md", "长".repeat(59))).is_ok());
        assert!(article_file_name(&format!("{}.md", "长".repeat(60))).is_err());
        assert!(article_file_name("ab\u{202E}dm.txt").is_err());
    }

    #[test]
    fn plurals() {
        assert_eq!(plural(1, "file", "files"), "1 file");
        assert_eq!(plural(0, "file", "files"), "0 files");
        assert_eq!(plural(2, "article", "articles"), "2 articles");
    }
}
