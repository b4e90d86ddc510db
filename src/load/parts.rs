//! Documents assembled from the workbooks their parts hand in (a plan's
//! departments, a follow-up's units): which parts a project has, where
//! each one's file is, and how a handed-in workbook says whose it is. A
//! kind that is assembled so says it in its `Info::hand_in` and lists its
//! parts in `DocumentKind::parts`; the web page's hand-in works on these
//! and names no kind.

use std::path::{Path, PathBuf};

/// How a handed-in workbook says which part it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Naming {
    /// The workbook names its part (a department's sheet is named after it).
    InBook,
    /// The part is chosen on the page, else the file is named after it.
    ChosenOrFile,
}

/// A kind's words and rule for hand-ins.
#[derive(Debug)]
pub struct HandIn {
    pub naming: Naming,
    /// The part, one and many ("avdelning", "avdelningar").
    pub one: &'static str,
    pub many: &'static str,
    /// A project that names no folder for the parts' files, and the hint.
    pub no_folder: (&'static str, &'static str),
    /// A handed-in workbook of another kind (`{file}` its name), and the hint.
    pub not_a_part: (&'static str, &'static str),
}

/// The parts of a project, as its file names them.
#[derive(Debug, Clone, Default)]
pub struct Parts {
    /// `[filer] mapp` (an empty path when only single files are named).
    pub folder: Option<PathBuf>,
    /// The parts in the project's order; none listed means that every
    /// workbook in the folder is a part, named as the file.
    pub parts: Vec<Part>,
    /// Whether the parts are listed in the project file (else they are the
    /// workbooks found in the folder).
    pub listed: bool,
}

impl Parts {
    /// Whether a hand-in has a place to go: a folder, or a part's own file.
    pub fn takes_hand_ins(&self) -> bool {
        self.folder.is_some() || self.parts.iter().any(|p| p.named_file)
    }
}

/// One part and its file.
#[derive(Debug, Clone)]
pub struct Part {
    /// Its name (none for a department sheet without one).
    pub name: Option<String>,
    /// Its file relative to the project folder: the one the project file
    /// names, else the one it was read from or is found under in the folder.
    pub file: Option<String>,
    /// Whether the project file names the file (`fil = "…"`).
    pub named_file: bool,
    pub handed_in: bool,
}

/// The workbooks (.xlsx, .ods) directly in `dir`, sorted by name (not
/// hidden files or Excel's lock files), as the loader reads a folder.
pub fn workbooks(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| super::files::is_workbook_name(n))
        .collect();
    names.sort();
    names
}

/// The file in `folder` (relative to `root`) the loader reads as `part`'s:
/// the first workbook named after it, relative to `root`.
pub fn file_in(root: &Path, folder: &Path, part: &str) -> Option<String> {
    let wanted = super::files::folded(part);
    workbooks(&root.join(folder))
        .into_iter()
        .find(|n| Path::new(n).file_stem().and_then(|s| s.to_str()).is_some_and(|s| super::files::folded(s) == wanted))
        .map(|n| folder.join(n).display().to_string())
}
