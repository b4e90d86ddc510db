//! Typesetting: the generated Typst source → PDF, with the Typst compiler
//! embedded. The World serves the generated main file, the template's Typst
//! library, the bundled fonts, and images from the input's folder only.

mod breaks;
mod converge;
pub mod fonts;
pub(crate) mod image;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use chrono::{Datelike, NaiveDate};
use typst::diag::{FileError, FileResult, Severity, SourceDiagnostic, Warned};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
pub use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::diag::{Diagnostic, Diagnostics, Origin};
use crate::fsguard::{Folder, Refusal, Special};

/// Which PDF standards to claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum PdfProfile {
    /// PDF/A-2a + PDF/UA-1: arkiverbar och tillgänglig (standard).
    #[default]
    #[value(name = "a2a-ua1")]
    A2aUa1,
    /// PDF/A-2b: arkiverbar.
    #[value(name = "a2b")]
    A2b,
    /// PDF/UA-1: tillgänglig.
    #[value(name = "ua1")]
    Ua1,
    /// Taggad PDF 1.7 utan standardanspråk.
    #[value(name = "ingen")]
    None,
}

impl PdfProfile {
    /// Whether the profile claims PDF/A (which needs a document date).
    pub fn is_archival(self) -> bool {
        matches!(self, PdfProfile::A2aUa1 | PdfProfile::A2b)
    }

    fn standards(self) -> Vec<PdfStandard> {
        match self {
            PdfProfile::A2aUa1 => vec![PdfStandard::A_2a, PdfStandard::Ua_1],
            PdfProfile::A2b => vec![PdfStandard::A_2b],
            PdfProfile::Ua1 => vec![PdfStandard::Ua_1],
            PdfProfile::None => vec![],
        }
    }
}

/// What to typeset.
pub struct Job<'a> {
    /// The generated main file.
    pub main: String,
    /// The Typst layout library (`lib.typ`) the main file imports.
    pub library: String,
    /// The folder images (a logo) may be read from.
    pub assets: &'a Path,
    /// The document date: PDF metadata and Typst's `today`.
    pub date: Option<NaiveDate>,
    pub profile: PdfProfile,
}

struct PlanWorld {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: &'static [Font],
    main: Source,
    lib: Source,
    /// `/breaks.json`, read by the library: the chapters that follow on the
    /// same page (see [`with_decided_breaks`]).
    breaks: String,
    /// The input's folder (`None` when it cannot be resolved: nothing is read).
    assets: Option<Folder>,
    today: Option<Datetime>,
}

fn id(path: &str) -> FileId {
    FileId::new(RootedPath::new(VirtualRoot::Project, VirtualPath::new(path).expect("valid built-in path")))
}

const MAIN: &str = "/main.typ";
const LIB: &str = "/lib.typ";
const BREAKS: &str = "/breaks.json";

fn breaks_id() -> FileId {
    id(BREAKS)
}

impl World for PlanWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else if id == self.lib.id() {
            Ok(self.lib.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        let rooted = id.get();
        if !matches!(rooted.root(), VirtualRoot::Project) {
            return Err(FileError::AccessDenied);
        }
        let vpath = rooted.vpath();
        if id == breaks_id() {
            return Ok(Bytes::new(self.breaks.as_bytes().to_vec()));
        }
        if id == self.main.id() || id == self.lib.id() {
            return Err(FileError::NotSource);
        }
        // Only images, only from the input's folder.
        let ext = vpath.extension().unwrap_or("").to_lowercase();
        if !["png", "jpg", "jpeg", "gif", "svg", "webp"].contains(&ext.as_str()) {
            return Err(FileError::AccessDenied);
        }
        // Resolved with its links, it must still lie in the folder, and be a
        // regular file (never a named pipe, which would hang the build).
        let Some(assets) = &self.assets else { return Err(FileError::AccessDenied) };
        let path = vpath.realize(assets.root()).map_err(|_| FileError::AccessDenied)?;
        match assets.read(&path, crate::fsguard::MAX_BYTES) {
            // An image whose header declares a huge size is refused before
            // anything decodes it.
            Ok(bytes) => match image::oversized(&bytes) {
                Some((w, h)) => Err(FileError::Other(Some(
                    format!("bilden är {w} × {h} bildpunkter, fler än {} miljoner", image::MAX_PIXELS / 1_000_000)
                        .into(),
                ))),
                None => Ok(Bytes::new(bytes)),
            },
            Err(Refusal::NotFound) => Err(FileError::NotFound(vpath.get_without_slash().into())),
            Err(Refusal::NotAFile(Special::Folder)) => Err(FileError::IsDirectory),
            Err(Refusal::Io(e)) => Err(FileError::from_io(e, Path::new(vpath.get_without_slash()))),
            Err(_) => Err(FileError::AccessDenied),
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.today
    }
}

fn typst_date(d: NaiveDate) -> Option<Datetime> {
    Datetime::from_ymd(d.year(), u8::try_from(d.month()).ok()?, u8::try_from(d.day()).ok()?)
}

/// Typesets the job to PDF bytes.
///
/// # Errors
/// Typst's errors (and warnings about unknown fonts, which this project
/// treats as errors), located in the generated source or the library.
pub fn typeset(job: &Job<'_>) -> Result<Vec<u8>, Diagnostics> {
    typeset_with_pages(job).map(|(pdf, _)| pdf)
}

/// As [`typeset`], and the laid-out pages too (for previews).
///
/// # Errors
/// As [`typeset`].
pub fn typeset_with_pages(job: &Job<'_>) -> Result<(Vec<u8>, PagedDocument), Diagnostics> {
    settled(job, |world, document| {
        let timestamp = job.date.and_then(typst_date).map(Timestamp::new_utc);
        let standards = PdfStandards::new(&job.profile.standards()).map_err(|e| {
            let mut d = Diagnostics::default();
            d.push(Diagnostic::error(format!("ogiltig kombination av PDF-standarder: {}", e.message()), None));
            d
        })?;
        let options = PdfOptions {
            ident: typst::foundations::Smart::Custom("planrapport".to_string()),
            timestamp,
            standards,
            tagged: true,
            ..PdfOptions::default()
        };
        // The layout is done: what Typst's cache holds of it (every pass's
        // results) is not needed for the PDF. A large document empties it
        // first, and the export reuses that memory (a 2,000-row plan: about
        // 13 MiB less at the peak, 0.1 s more) — unless another document is
        // being built beside it (a batch), which would lose its cache.
        if document.pages().len() > LARGE_PAGES && BUILDING.load(Ordering::SeqCst) == 1 {
            evict_unless_warm(0);
        }
        let pdf = typst_pdf::pdf(&document, &options).map_err(|errors| {
            let mut d = Diagnostics::default();
            for e in &errors {
                d.push(convert(world, e, true));
            }
            d
        })?;
        Ok((pdf, document))
    })
}

/// Makes glibc's allocator give every large block (128 KiB or more) back to
/// the system when it is freed. By default it does so only until the first
/// such block is freed; then its threshold adapts upwards (to at most
/// 32 MiB), and large blocks come from the heap, where memory the layout
/// freed (Typst's cache, emptied before the PDF export) may not be reused
/// by the export's threads. A 2,000-row plan then peaked at 454 MiB in most
/// runs and at 484–505 MiB in about one run in three; with the threshold
/// fixed at its default, at 449 MiB in every run, as fast. Called once, at
/// the start of the process, before any other thread. (Elsewhere than
/// Linux with glibc: nothing.)
pub fn steady_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `mallopt` only sets a parameter of the allocator, here
    // before any other thread exists; its result (0 when refused) changes
    // nothing that follows.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}

/// Whether one World is kept between builds (a long-running process:
/// `bygg --bevaka`, `webb`).
static KEEP_WARM: AtomicBool = AtomicBool::new(false);
/// That World, between builds.
static WARM: Mutex<Option<PlanWorld>> = Mutex::new(None);

/// Keeps one Typst World between builds from now on, for a long-running
/// process: each build replaces its sources' text (Typst reparses only what
/// changed and reuses its memoised layout), and the memo cache is evicted
/// after each build so that memory stays flat. Builds then take turns.
pub fn keep_warm() {
    KEEP_WARM.store(true, Ordering::SeqCst);
}

fn new_world(job: &Job<'_>) -> PlanWorld {
    let (book, fonts) = fonts::bundled();
    PlanWorld {
        library: LazyHash::new(Library::default()),
        book: LazyHash::new(book.clone()),
        fonts,
        main: Source::new(id(MAIN), job.main.clone()),
        lib: Source::new(id(LIB), job.library.clone()),
        breaks: EVERY_BREAK.to_string(),
        assets: Folder::new(job.assets).ok(),
        today: job.date.and_then(typst_date),
    }
}

/// Runs `f` on a World set up for `job`: a new one, or the warm one with
/// the job's sources, folder and date.
fn with_world<R>(job: &Job<'_>, f: impl FnOnce(&mut PlanWorld) -> R) -> R {
    if !KEEP_WARM.load(Ordering::SeqCst) {
        let _building = Building::new();
        return f(&mut new_world(job));
    }
    let mut warm = WARM.lock().unwrap_or_else(PoisonError::into_inner);
    let world = match warm.as_mut() {
        Some(world) => {
            if world.main.text() != job.main {
                world.main.replace(&job.main);
            }
            if world.lib.text() != job.library {
                world.lib.replace(&job.library);
            }
            world.assets = Folder::new(job.assets).ok();
            world.today = job.date.and_then(typst_date);
            world
        }
        None => warm.insert(new_world(job)),
    };
    let result = f(world);
    // Entries unused in the last ten builds go; what this one used stays.
    typst::comemo::evict(10);
    result
}

/// How many one-off builds are being laid out in this process now (a batch
/// builds several at once).
static BUILDING: AtomicUsize = AtomicUsize::new(0);

/// One build counted in [`BUILDING`] while it lives.
struct Building;

impl Building {
    fn new() -> Self {
        BUILDING.fetch_add(1, Ordering::SeqCst);
        Building
    }
}

impl Drop for Building {
    fn drop(&mut self) {
        BUILDING.fetch_sub(1, Ordering::SeqCst);
    }
}

thread_local! {
    static FALLBACKS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// How many layouts on this thread did not settle and were typeset again
/// with every chapter on a new page (a test's way to see that the adaptive
/// chapter breaks settle; the output is right either way, only slower).
pub fn unsettled_on_this_thread() -> usize {
    FALLBACKS.with(std::cell::Cell::get)
}

/// The layout library's switch for chapters that begin below a short page
/// end (`chapter-page`), and its plain form.
const ADAPTIVE: &str = "#let adaptive-breaks = true";
const PLAIN: &str = "#let adaptive-breaks = false";
/// How an unsettled layout's error begins.
const UNSETTLED: &str = "sidlayouten blev inte stabil";

/// Runs `f` in the job's World; when the layout does not settle (the
/// chapters that decide their page from where the text before them ends can,
/// in rare documents, keep moving each other), once more with every chapter
/// on a new page, which always settles.
fn settled<R>(
    job: &Job<'_>,
    f: impl Fn(&PlanWorld, PagedDocument) -> Result<R, Diagnostics>,
) -> Result<R, Diagnostics> {
    let run = |world: &mut PlanWorld| {
        let document = with_decided_breaks(world)?;
        f(world, document)
    };
    match with_world(job, run) {
        Err(d) if d.items.iter().any(|d| d.message.starts_with(UNSETTLED)) && job.library.contains(ADAPTIVE) => {
            FALLBACKS.with(|n| n.set(n.get() + 1));
            let plain = Job {
                main: job.main.clone(),
                library: job.library.replace(ADAPTIVE, PLAIN),
                assets: job.assets,
                date: job.date,
                profile: job.profile,
            };
            with_world(&plain, run)
        }
        other => other,
    }
}

/// `/breaks.json`, which names the chapters that follow on the same page
/// (`chapter-page` in lib.typ): none, so every chapter begins a new page.
/// (A file the library reads where it decides, not a value in its text: a
/// changed text gives the library's content new spans, and a changed value
/// changes the show rules that use it; either way Typst lays everything out
/// anew instead of taking the unchanged page runs from its cache.)
const EVERY_BREAK: &str = "{}";
/// How the library reads the decisions.
const READS_BREAKS: &str = "json(\"/breaks.json\")";
/// How many layouts with decided chapter breaks are tried before every
/// chapter begins a new page instead.
const DECISION_ROUNDS: usize = 4;

/// Lays the World's document out, with each chapter's page break decided
/// from a layout (`chapter-page` in lib.typ, [`breaks`]): first with every
/// chapter on a new page (page runs Typst lays out in parallel), then, if
/// a chapter would leave a page under a quarter full, again with the
/// chapters that follow on the same page named, until the decisions made
/// from a layout are those it was made with. Unchanged page runs come from
/// Typst's cache. Only the markers of a layout are kept between layouts
/// (not its pages), and in a one-off build of a large document what a
/// layout did not use is evicted from the cache before the next (a
/// document of long chapters otherwise holds every layout of them at once).
/// The library is left as it was.
fn with_decided_breaks(world: &mut PlanWorld) -> Result<PagedDocument, Diagnostics> {
    let library = world.lib.text();
    if !library.contains(ADAPTIVE) || !library.contains(READS_BREAKS) {
        return compile(world);
    }
    // A layout in which some chapter is to follow on is laid out again with
    // that decided: it need not settle first. It stops at the first pass
    // (after the one from nothing) in which a chapter would follow on, and
    // the next layout starts from it; a layout whose chapters all begin
    // new pages is laid out until it settles, and is the document. (One
    // pass less: 10,000 rows in 50 departments 8.4 s and 2.08 GiB instead
    // of 8.8 s and 2.12 GiB; 2,000 rows a few MiB and 0.05 s less.)
    let some_follow = |document: &PagedDocument| first_decisions(document).is_some_and(|(_, f)| !f.is_empty());
    let (first, settled) = layout_from(world, None, &some_follow)?;
    let (alone, follows) = match first_decisions(&first) {
        Some((alone, follows)) if !follows.is_empty() => (alone, follows),
        other => {
            if other.is_none() {
                FALLBACKS.with(|n| n.set(n.get() + 1));
            }
            // (Not reached with a layout that stopped: it stopped because a
            // chapter follows on. Were it, it would settle here.)
            return if settled { Ok(first) } else { compile_from(world, Some(&first)) };
        }
    };
    // Evicting is global: in a batch it would take other documents'
    // layouts too, so only a large document does it.
    let pages = first.pages().len();
    let large = pages > LARGE_PAGES;
    // The next layout starts from this one's introspections (where its
    // chapters, rows and pages were), which it mostly repeats: it settles
    // in fewer passes, and takes them from the cache (a 2,000-row plan:
    // 30 MB less at the peak). When the chapters that follow on take much
    // of a large document, it is laid out anew without the first layout
    // in memory: nearly as fast as reusing the rest, and the memory of one
    // layout, not of two (ten departments of 2 000 rows: 9.0 GiB reusing,
    // 7.0 GiB without).
    let seed = if large && breaks::share_moved(&alone, &follows, pages) >= MOVED_ANEW {
        drop(first);
        evict_unless_warm(0);
        None
    } else {
        Some(first)
    };
    let settled = decided_layout(world, &alone, follows, large, seed);
    world.breaks = EVERY_BREAK.to_string();
    match settled {
        Ok(Some(document)) => Ok(document),
        Ok(None) => {
            // The decisions did not settle: every chapter begins a new page.
            FALLBACKS.with(|n| n.set(n.get() + 1));
            if large {
                evict_unless_warm(1);
            }
            compile(world)
        }
        Err(e) => Err(e),
    }
}

/// The markers of a layout with every chapter on a new page, and the
/// chapters that are to follow on, decided from them; `None` when they
/// cannot be read or decided.
fn first_decisions(document: &PagedDocument) -> Option<(Vec<breaks::Marker>, BTreeSet<String>)> {
    let alone = markers(document)?;
    let follows = breaks::decide(&alone, &alone, &BTreeSet::new())?;
    Some((alone, follows))
}

/// Lays the document out with the chapters in `follows` following on,
/// and again with the decisions made from that layout, until they are the
/// same (`Some`) or [`DECISION_ROUNDS`] are spent (`None`). `alone`: the
/// markers of the layout with every chapter on a new page; `seed`: the
/// layout the first round starts from (see [`converge`]).
fn decided_layout(
    world: &mut PlanWorld,
    alone: &[breaks::Marker],
    mut follows: BTreeSet<String>,
    large: bool,
    mut seed: Option<PagedDocument>,
) -> Result<Option<PagedDocument>, Diagnostics> {
    for _ in 0..DECISION_ROUNDS {
        let named: Vec<String> =
            follows.iter().map(|k| format!("{}: false", serde_json::to_string(k).unwrap_or_default())).collect();
        world.breaks = format!("{{{}}}", named.join(", "));
        if large {
            evict_unless_warm(1);
        }
        let document = compile_from(world, seed.as_ref())?;
        match markers(&document).and_then(|read| breaks::decide(alone, &read, &follows)) {
            Some(again) if again == follows => return Ok(Some(document)),
            Some(again) => follows = again,
            None => break,
        }
        // The next round starts from this layout (after an empty cache too:
        // its document is the one in the cache now).
        seed = Some(document);
    }
    Ok(None)
}

/// A document of more pages than this evicts between its layouts.
const LARGE_PAGES: usize = 150;
/// The part of a large document's pages whose chapters follow on from which
/// the next layout starts from an empty cache.
const MOVED_ANEW: f64 = 0.35;

/// After each document of a batch (`bygg` with several inputs, built
/// `workers` at a time): drops from Typst's cache what the last documents
/// did not use. Without it the cache holds every document's layout until
/// the batch ends (50 different plans of 200 rows: 4.3 GiB and 26.5 s, with
/// it 0.55 GiB and 21.2 s; one alone takes 0.16 GiB). What the documents
/// share (the layout library, fonts, tables that several have alike) is
/// used again and stays (50 alike follow-ups are built as fast as before);
/// so is what the documents still being built used while the last ones
/// finished (each eviction ages every entry by one, and an entry goes when
/// it was not used for as many evictions as there are workers; evicting
/// everything instead made the different plans 1.3 s slower).
pub fn after_batch_document(workers: usize) {
    evict_unless_warm(workers.max(1));
}

/// In a one-off build, drops from Typst's cache what the last `max_age`
/// layouts did not use (0: everything; a long-running process keeps it for
/// the next build).
fn evict_unless_warm(max_age: usize) {
    if !KEEP_WARM.load(Ordering::SeqCst) {
        typst::comemo::evict(max_age);
    }
}

/// The chapter markers (`chapter-page`) of a layout, in document order.
/// `None` when a marker cannot be read.
fn markers(document: &PagedDocument) -> Option<Vec<breaks::Marker>> {
    use typst::foundations::{Label, Selector, Value};
    use typst::introspection::Introspector as _;
    let label = Label::new(typst::utils::PicoStr::intern("chapter-page"))?;
    let introspector = document.introspector();
    let mut markers = Vec::new();
    for marker in introspector.query(&Selector::Label(label)) {
        let Ok(Value::Array(value)) = marker.get_by_name("value") else { return None };
        let (key, top, bottom) = match value.as_slice() {
            [Value::None, Value::Float(top), Value::Float(bottom)] => (None, *top, *bottom),
            [Value::Str(key), Value::Float(top), Value::Float(bottom)] => (Some(key.to_string()), *top, *bottom),
            _ => return None,
        };
        let position = introspector.position(marker.location()?)?;
        let page = position.page.get();
        let size = document.pages().get(page - 1)?.frame.size();
        let body = size.y.to_pt() - top - bottom;
        if body <= 0.0 {
            return None;
        }
        let same_size_until = page + document.pages()[page..].iter().take_while(|p| p.frame.size() == size).count();
        markers.push(breaks::Marker { key, fill: (position.point.y.to_pt() - top) / body, page, same_size_until });
    }
    Some(markers)
}

fn compile(world: &PlanWorld) -> Result<PagedDocument, Diagnostics> {
    compile_from(world, None)
}

/// As [`compile`], the first pass reading its introspections from `from`
/// (a layout of the same document with other chapter breaks).
fn compile_from(world: &PlanWorld, from: Option<&PagedDocument>) -> Result<PagedDocument, Diagnostics> {
    layout_from(world, from, &|_| false).map(|(document, _)| document)
}

/// As [`compile_from`], stopping before the layout settles where `enough`
/// says (see [`converge::compile`]); `true` with a settled layout.
fn layout_from(
    world: &PlanWorld,
    from: Option<&PagedDocument>,
    enough: &dyn Fn(&PagedDocument) -> bool,
) -> Result<(PagedDocument, bool), Diagnostics> {
    let Warned { output, warnings } = converge::compile(world, from, enough);
    let mut problems = Diagnostics::default();
    for w in &warnings {
        if w.message.contains("unknown font family") {
            problems.push(convert(world, w, true));
        }
    }
    // A layout that did not settle has page numbers (in the contents, the
    // running header) that may be wrong: never print it.
    if let Some(w) = warnings.iter().find(|w| w.message.contains("did not converge")) {
        problems.push(
            Diagnostic::error(format!("{UNSETTLED} ({}); sidnumren kunde bli fel, så ingen PDF skrevs", w.message), None)
                .with_hint("det är ett fel i planrapports mallar, inte i indata: skicka indatafilen till den som underhåller verktyget"),
        );
    }
    let layout = match output {
        Ok(layout) => layout,
        Err(errors) => {
            for e in &errors {
                problems.push(convert(world, e, true));
            }
            return Err(problems);
        }
    };
    if problems.has_errors() {
        return Err(problems);
    }
    Ok(match layout {
        converge::Layout::Done(document) => (document, true),
        converge::Layout::Stopped(document) => (document, false),
    })
}

/// Lays the job out without making a PDF (a preview).
///
/// # Errors
/// As [`typeset`].
pub fn layout(job: &Job<'_>) -> Result<PagedDocument, Diagnostics> {
    settled(job, |_, document| Ok(document))
}

/// A page as PNG, `scale` pixels per point.
pub fn page_png(document: &PagedDocument, index: usize, scale: f64) -> Option<Vec<u8>> {
    let page = document.pages().get(index)?;
    let options = typst_render::RenderOptions { pixel_per_pt: typst::utils::Scalar::new(scale), ..Default::default() };
    typst_render::render(page, &options).encode_png().ok()
}

/// Where a piece of text was laid out: its page (from 1), its box in
/// points (x, y of the top, width, height) and the page's size.
#[derive(Debug, Clone, PartialEq)]
pub struct TextBox {
    pub page: usize,
    pub text: String,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    pub page_width: f64,
    pub page_height: f64,
}

/// Lays out a job and lists every text item with its box, for checking
/// that nothing lies outside its page.
///
/// # Errors
/// As [`typeset`].
pub fn text_boxes(job: &Job<'_>) -> Result<Vec<TextBox>, Diagnostics> {
    use typst::layout::{Frame, FrameItem, Point, Transform};
    fn walk(frame: &Frame, ts: Transform, page: usize, size: (f64, f64), out: &mut Vec<TextBox>) {
        for (pos, item) in frame.items() {
            let here = ts.pre_concat(Transform::translate(pos.x, pos.y));
            match item {
                FrameItem::Group(g) => walk(&g.frame, here.pre_concat(g.transform), page, size, out),
                FrameItem::Text(t) => {
                    let origin = Point::zero().transform(here);
                    let height = t.size.to_pt();
                    out.push(TextBox {
                        page,
                        text: t.text.to_string(),
                        x: origin.x.to_pt(),
                        // The baseline is at the origin; the text rises above it.
                        y: origin.y.to_pt() - height * 0.8,
                        width: t.width().to_pt(),
                        height,
                        page_width: size.0,
                        page_height: size.1,
                    });
                }
                _ => {}
            }
        }
    }
    let document = layout(job)?;
    let mut out = Vec::new();
    for (i, page) in document.pages().iter().enumerate() {
        let size = (page.frame.width().to_pt(), page.frame.height().to_pt());
        walk(&page.frame, Transform::identity(), i + 1, size, &mut out);
    }
    Ok(out)
}

/// The Typst string literals in a line of generated source, unescaped.
fn string_literals(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = line.chars();
    while chars.by_ref().any(|c| c == '"') {
        let mut lit = String::new();
        while let Some(c) = chars.next() {
            match c {
                '"' => break,
                '\\' => match chars.next() {
                    Some('n' | 't') => lit.push(' '),
                    Some(c) => lit.push(c),
                    None => {}
                },
                c => lit.push(c),
            }
        }
        out.push(lit);
    }
    out
}

/// Typst's messages for files a template could not read, in Swedish (other
/// messages as they are).
fn file_error_in_swedish(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("file not found (searched at ")
        && let Some(path) = rest.strip_suffix(')')
    {
        return format!("filen \"{path}\" finns inte i indatafilens mapp");
    }
    match message {
        "failed to load file (access denied)" => "filen får inte läsas".to_string(),
        "failed to load file (is a directory)" => "sökvägen är en mapp, inte en fil".to_string(),
        other => match other.strip_prefix("failed to load file (").and_then(|m| m.strip_suffix(')')) {
            Some(why) => format!("filen kunde inte läsas: {why}"),
            None => other.to_string(),
        },
    }
}

fn convert(world: &PlanWorld, diag: &SourceDiagnostic, as_error: bool) -> Diagnostic {
    let at = diag.span.id().and_then(|id| {
        let source = world.source(id).ok()?;
        let range = world.range(diag.span)?;
        let (line, col) = source.lines().byte_to_line_column(range.start)?;
        let name = if id == world.lib.id() { "lib.typ" } else { "genererad main.typ" };
        Some(Origin::Text { path: PathBuf::from(name), line: line + 1, col: col + 1 })
    });
    let what = if diag.severity == Severity::Error || as_error {
        "sättningen av PDF:en misslyckades"
    } else {
        "varning från sättningen"
    };
    // Which part of the document: the nearest heading before the place in
    // the generated source (a heading's title is the last string literal on
    // its line: `#heading(level: 2)[#"Titel";]`, `#section-heading(1, "1", "Titel")`).
    let part = diag.span.id().filter(|id| *id == world.main.id()).and_then(|_| {
        let range = world.range(diag.span)?;
        let before = &world.main.text()[..range.start.min(world.main.text().len())];
        before.lines().rev().find_map(|line| string_literals(line.split_once("heading(")?.1).pop())
    });
    let detail = file_error_in_swedish(&diag.message);
    let message = match part {
        Some(title) => format!("{what} i avsnittet \"{title}\": {detail}"),
        None => format!("{what}: {detail}"),
    };
    let mut d = if as_error { Diagnostic::error(message, at) } else { Diagnostic::warning(message, at) };
    let mut hints: Vec<String> = diag.hints.iter().map(|h| h.v.to_string()).collect();
    if diag.message.contains("could not be displayed") || diag.message.contains("font") {
        hints.push("texten innehåller tecken som de inbyggda typsnitten saknar; byt ut tecknet eller välj --pdf-standard ingen".to_string());
    }
    // Typst's own hints about its command line (`--root`) do not apply here.
    hints.retain(|h| !h.contains("--root"));
    if ["access denied", "file not found", "escape the project root"].iter().any(|m| diag.message.contains(m)) {
        hints.push("mallar får bara läsa bildfiler i indatafilens mapp; inga andra filer".to_string());
    }
    hints.push("kör med --emit-typst FIL för att se den genererade källkoden".to_string());
    d = d.with_hint(hints.join("; "));
    d
}

#[cfg(test)]
mod tests {
    use super::string_literals;

    #[test]
    fn string_literals_are_unescaped_in_order() {
        assert_eq!(string_literals(r#"#section-heading(1, "1", "Mål \"A\" \\ B")"#), ["1", "Mål \"A\" \\ B"]);
        assert_eq!(string_literals(r#"#heading(level: 2)[#"Handlingsplan X";]"#), ["Handlingsplan X"]);
        assert_eq!(string_literals(r"rad\nett"), Vec::<String>::new());
        assert_eq!(string_literals(r#""rad\nett""#), ["rad ett"]);
    }
}
