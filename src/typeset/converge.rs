//! Typst's own layout loop (`typst::compile` for a paged document), with two
//! differences:
//!
//! - It may start from an earlier layout's introspector instead of an empty
//!   one. A layout with decided chapter breaks starts from the layout the
//!   decisions were read from, which it mostly repeats: its first pass then
//!   finds the pages, rows and headings where they will be, and takes
//!   what did not move from the cache (a 2,000-row plan: 30 MB less at the
//!   peak, the same pages).
//! - It keeps only the last pass's document, where Typst keeps every pass
//!   (for its diagnostics of a layout that does not settle).
//! - It may stop before the layout has settled, when the caller says a
//!   pass's document is enough: a layout that is only read for where its
//!   chapters end, and is laid out again with decided breaks starting from
//!   that pass, need not settle first (a 2,000-row plan: one pass less).
//!
//! Everything else is as in `typst::compile`: the same evaluation, the same
//! passes (at most [`MAX_ITERS`]), the same check that a pass's
//! introspections are those of its own document, the same warnings and
//! delayed errors. A layout that has not settled after the last pass is
//! laid out again by `typst::compile` itself, for its diagnostics (rare:
//! planrapport then prints no PDF). When Typst is upgraded, compare this
//! with its `compile_impl` (typst's `src/lib.rs`): the loop uses Typst's
//! engine types, which a new version may change.
//!
//! (Dropping from the cache, between passes, what the last pass did not use
//! was tried and is not done: a pass that finds a page run in the cache
//! does not touch what the run is made of, so the next pass that misses it
//! laid everything out anew: 2,000 rows took 3.3 s instead of 2.1, and more
//! memory, not less.)

use typst::World;
use typst::comemo::{Constraint, Track as _};
use typst::diag::{SourceResult, Warned};
use typst::engine::{Engine, Route, Sink, Traced};
use typst::foundations::{Output, StyleChain, TargetElem};
use typst::introspection::{EmptyIntrospector, Introspector, MAX_ITERS};
use typst::utils::Protected;
use typst_layout::PagedDocument;

/// A layout's document, and whether the layout went on until it settled.
pub enum Layout {
    /// Laid out until settled (or, by Typst's own loop, until its last pass).
    Done(PagedDocument),
    /// Stopped before it settled: `enough` said this pass's document will do.
    Stopped(PagedDocument),
}

/// Lays out the World's main file, the first pass reading its
/// introspections from `from` (else from nothing, as Typst's first pass).
/// After each pass from the second on that has not settled, `enough` is
/// asked whether the layout may stop there.
pub fn compile(
    world: &dyn World,
    from: Option<&PagedDocument>,
    enough: &dyn Fn(&PagedDocument) -> bool,
) -> Warned<SourceResult<Layout>> {
    let mut sink = Sink::new();
    let Some(output) = run(world, from, enough, &mut sink) else {
        // Not settled, or no main file: Typst's own loop says why.
        let Warned { output, warnings } = typst::compile::<PagedDocument>(world);
        return Warned { output: output.map(Layout::Done), warnings };
    };
    // As `typst::compile`: one error per place and message.
    Warned {
        output: output.map_err(|mut errors| {
            let mut seen = std::collections::HashSet::new();
            errors.retain(|e| seen.insert(typst::utils::hash128(&(&e.span, &e.message))));
            errors
        }),
        warnings: sink.warnings(),
    }
}

/// `None`: Typst's own loop is to say what went wrong (the last pass did
/// not settle, or the main file could not be read).
fn run(
    world: &dyn World,
    from: Option<&PagedDocument>,
    enough: &dyn Fn(&PagedDocument) -> bool,
    sink: &mut Sink,
) -> Option<SourceResult<Layout>> {
    let world = world.track();
    let traced = Traced::default();
    let traced = traced.track();
    let library = world.library();
    let base = StyleChain::new(&library.styles);
    let target = TargetElem::target.set(PagedDocument::target()).wrap();
    let styles = base.chain(&target);
    // An unreadable main file: Typst's own message (with its hints).
    let Ok(main) = world.source(world.main()) else { return None };
    let content = match typst_eval::eval(world, library, traced, sink.track_mut(), Route::default().track(), &main) {
        Ok(module) => module.content(),
        Err(errors) => return Some(Err(errors)),
    };
    let empty = EmptyIntrospector;
    let mut last: Option<PagedDocument> = None;
    for pass in 0..MAX_ITERS {
        let introspector: &dyn Introspector = match (&last, from) {
            (Some(document), _) | (None, Some(document)) => Output::introspector(document),
            (None, None) => &empty,
        };
        let constraint = Constraint::new();
        let mut subsink = Sink::new();
        let document = {
            let mut engine = Engine {
                library,
                world,
                introspector: Protected::new(introspector.track_with(&constraint)),
                traced,
                sink: subsink.track_mut(),
                route: Route::default(),
            };
            match PagedDocument::create(&mut engine, &content, styles) {
                Ok(document) => document,
                Err(errors) => return Some(Err(errors)),
            }
        };
        if constraint.validate(Output::introspector(&document)) {
            sink.extend_from_sink(subsink);
            let delayed = sink.delayed();
            return Some(if delayed.is_empty() { Ok(Layout::Done(document)) } else { Err(delayed) });
        }
        // (A first pass from nothing read nothing: its document is not yet
        // the layout.)
        if (pass > 0 || from.is_some()) && enough(&document) {
            return Some(Ok(Layout::Stopped(document)));
        }
        // The pass before is not needed any more.
        last = Some(document);
    }
    None
}
