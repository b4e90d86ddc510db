//! Writing outputs, the last stage: every file of a run changes together or
//! not at all, and never onto a file the run read.
//!
//! One call to [`write_all`]:
//! 1. creates and locks each output folder (`.planrapport.lock`, an advisory
//!    lock held until the end, so concurrent runs into one folder take turns
//!    and never mix their files);
//! 2. finishes the commit of an earlier run that was killed half-way (its
//!    journal `.planrapport.journal`) and removes that run's leftover
//!    temporary files (`.planrapport-*`);
//! 3. checks every target before anything is written: not a folder, not a
//!    file this process read (an input), not there already unless
//!    replacing is allowed;
//! 4. writes every file to a temporary file beside its target and fsyncs it,
//!    and keeps the previous version of each target as a backup;
//! 5. writes the journal (the renames to do), renames the temporary files
//!    onto their targets, then removes the journal and the backups. A rename
//!    that fails puts the backups of those already renamed back.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::fmt::Write as _;
use std::fs::{self, File};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use crate::diag::one;
use crate::diag::{Diagnostic, Diagnostics, Origin};

/// The lock file in each output folder.
pub const LOCK: &str = ".planrapport.lock";
/// The journal of a commit under way in an output folder.
pub const JOURNAL: &str = ".planrapport.journal";
/// Temporary files and backups start with this.
pub const TEMP_PREFIX: &str = ".planrapport-";

/// Whether an existing target may be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Generated outputs (`bygg`): the previous version is replaced.
    Replace,
    /// `mall`, `ny`, `konvertera` without `--skriv-over`: an existing file is an error.
    Refuse,
    /// A hand-in through the web page (`webb MAPP`): a department's new
    /// workbook replaces its earlier one, which the server has read.
    ReplaceInput,
}

impl Existing {
    /// `--skriv-over` given or not.
    pub fn replace_if(yes: bool) -> Existing {
        if yes { Existing::Replace } else { Existing::Refuse }
    }
}

/// A file as the file system knows it: its resolved path and (on unix) its
/// device and inode, so that links and hard links to one file are one file.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Identity {
    canonical: Option<PathBuf>,
    node: Option<(u64, u64)>,
}

impl Identity {
    fn of(path: &Path) -> Identity {
        Identity { canonical: fs::canonicalize(path).ok(), node: node(path) }
    }

    fn is_known(&self) -> bool {
        self.canonical.is_some() || self.node.is_some()
    }

    fn same(&self, other: &Identity) -> bool {
        (self.canonical.is_some() && self.canonical == other.canonical)
            || (self.node.is_some() && self.node == other.node)
    }
}

#[cfg(unix)]
fn node(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt as _;
    fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn node(_path: &Path) -> Option<(u64, u64)> {
    None
}

/// Every file this process has read as input.
static READ: Mutex<Vec<Identity>> = Mutex::new(Vec::new());

/// Notes that `path` was read as input, so that no output replaces it.
pub fn note_read(path: &Path) {
    let id = Identity::of(path);
    if !id.is_known() {
        return;
    }
    let mut read = READ.lock().unwrap_or_else(PoisonError::into_inner);
    if !read.contains(&id) {
        read.push(id);
    }
}

fn was_read(path: &Path) -> bool {
    let id = Identity::of(path);
    id.is_known() && READ.lock().unwrap_or_else(PoisonError::into_inner).iter().any(|r| r.same(&id))
}

/// Whether two paths name the same existing file (resolved, and on unix
/// also through hard links).
pub fn same_file(a: &Path, b: &Path) -> bool {
    let (a, b) = (Identity::of(a), Identity::of(b));
    a.is_known() && a.same(&b)
}

/// A test hook: `PLANRAPPORT_TEST_FAULT` makes a run stop or slow down at a
/// named point of the commit, the way a kill or a slow disk would.
fn fault(point: &str) {
    let Ok(wanted) = std::env::var("PLANRAPPORT_TEST_FAULT") else { return };
    match wanted.as_str() {
        w if w == point && point.starts_with("abort-") => std::process::abort(),
        "slow-commit" if point == "rename" => std::thread::sleep(std::time::Duration::from_millis(150)),
        _ => {}
    }
}

/// One file to write.
struct Entry<'a> {
    /// The path as the user gave it, for messages.
    target: &'a Path,
    /// The resolved folder it goes into.
    dir: PathBuf,
    name: OsString,
    bytes: &'a [u8],
    temp: Option<PathBuf>,
    backup: Option<PathBuf>,
}

impl Entry<'_> {
    fn path(&self) -> PathBuf {
        self.dir.join(&self.name)
    }
}

fn parent(path: &Path) -> &Path {
    path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

/// An operating-system error in Swedish.
fn swedish(e: &io::Error) -> String {
    use io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "filen eller mappen finns inte".to_string(),
        K::PermissionDenied => "behörighet saknas".to_string(),
        K::StorageFull => "disken är full".to_string(),
        K::ReadOnlyFilesystem => "platsen är skrivskyddad".to_string(),
        K::IsADirectory => "det finns en mapp med det namnet".to_string(),
        K::AlreadyExists => "det finns redan en fil med det namnet".to_string(),
        K::NotADirectory => "en del av sökvägen är en fil, inte en mapp".to_string(),
        K::ResourceBusy | K::ExecutableFileBusy => "filen används av ett annat program".to_string(),
        _ => format!("fel från operativsystemet ({e})"),
    }
}

const HINT_WRITE: &str = "kontrollera att mappen går att skriva i, att det finns plats på disken och att filen inte är öppen i ett annat program; inga tidigare utdata ersattes";

fn io_error(what: &str, e: &io::Error, at: &Path, hint: &str) -> Diagnostic {
    Diagnostic::error(format!("{what}: {}", swedish(e)), Some(Origin::File(at.to_path_buf()))).with_hint(hint)
}

/// Writes all `(path, bytes)` pairs, or none of them.
///
/// # Errors
/// A target that is a folder, an input, or (with [`Existing::Refuse`]) an
/// existing file; a folder that cannot be created, locked or written; an
/// earlier run's journal that cannot be completed. No target is touched
/// then, and the temporary files are removed.
pub fn write_all(files: &[(PathBuf, Vec<u8>)], existing: Existing) -> Result<(), Diagnostics> {
    if files.is_empty() {
        return Ok(());
    }
    let mut entries: Vec<Entry> = Vec::new();
    let mut folders: BTreeSet<PathBuf> = BTreeSet::new();
    for (path, bytes) in files {
        let dir = parent(path);
        let Some(name) = path.file_name() else {
            return Err(one(Diagnostic::error("utdata saknar filnamn", Some(Origin::File(path.clone())))
                .with_hint("ange en fil, till exempel ut/plan.pdf")));
        };
        fs::create_dir_all(dir).map_err(|e| {
            one(io_error(
                "utdatamappen kunde inte skapas",
                &e,
                dir,
                "välj en annan mapp med -o, eller kontrollera att platsen går att skriva i och att ingen fil har mappens namn",
            ))
        })?;
        let dir = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        folders.insert(dir.clone());
        entries.push(Entry { target: path, dir, name: name.to_os_string(), bytes, temp: None, backup: None });
    }
    // Locked in one order (sorted), so two runs never wait for each other in a circle.
    let mut locks = Vec::new();
    for dir in &folders {
        locks.push(lock(dir)?);
        recover(dir)?;
    }
    check(&entries, existing)?;
    let result = stage(&mut entries).and_then(|()| commit(&mut entries, folders.iter(), &mut fs_rename));
    if result.is_err() {
        for e in &entries {
            for p in [&e.temp, &e.backup].into_iter().flatten() {
                let _ = fs::remove_file(p);
            }
        }
    }
    drop(locks);
    result
}

/// Completes a commit that a killed run left in `dir` (if its journal is
/// there), before a run reads anything from that folder or writes to it.
///
/// # Errors
/// A journal that cannot be read or carried out.
pub fn finish_interrupted(dir: &Path) -> Result<(), Diagnostics> {
    if fs::symlink_metadata(dir.join(JOURNAL)).is_err() {
        return Ok(());
    }
    let lock = lock(dir)?;
    let result = recover(dir);
    drop(lock);
    result
}

/// Takes the folder's lock, waiting for a run that holds it.
fn lock(dir: &Path) -> Result<File, Diagnostics> {
    let path = dir.join(LOCK);
    let fail = |e: &io::Error| {
        one(io_error(
            "utdatamappen kunde inte låsas",
            e,
            dir,
            "kontrollera att mappen går att skriva i; planrapport lägger där en dold fil .planrapport.lock",
        ))
    };
    let mut options = fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(windows)]
    {
        // Hidden, as a dot-file is elsewhere (FILE_ATTRIBUTE_HIDDEN).
        use std::os::windows::fs::OpenOptionsExt as _;
        options.attributes(0x2);
    }
    let file = options.open(&path).map_err(|e| fail(&e))?;
    match file.lock() {
        Ok(()) => Ok(file),
        // A file system without locks (some network shares): go on unlocked.
        Err(e) if e.kind() == io::ErrorKind::Unsupported => Ok(file),
        Err(e) => Err(fail(&e)),
    }
}

/// One step of a journal: rename a file if it is still there, or remove one.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Op {
    Rename(OsString, OsString),
    Remove(OsString),
}

fn hex(name: &OsString) -> String {
    name_bytes(name).iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

#[cfg(unix)]
fn name_bytes(name: &OsString) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt as _;
    name.as_bytes().to_vec()
}

#[cfg(not(unix))]
fn name_bytes(name: &OsString) -> Vec<u8> {
    name.to_string_lossy().into_owned().into_bytes()
}

fn unhex(s: &str) -> Option<OsString> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    let bytes: Option<Vec<u8>> =
        (0..s.len()).step_by(2).map(|i| s.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok())).collect();
    let bytes = bytes?;
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt as _;
        Some(OsString::from_vec(bytes))
    }
    #[cfg(not(unix))]
    {
        String::from_utf8(bytes).ok().map(OsString::from)
    }
}

const JOURNAL_HEAD: &str = "planrapport-journal 1";

fn journal_text(ops: &[Op]) -> String {
    let mut s = format!("{JOURNAL_HEAD}\n");
    for op in ops {
        match op {
            Op::Rename(from, to) => {
                let _ = writeln!(s, "R {} {}", hex(from), hex(to));
            }
            Op::Remove(p) => {
                let _ = writeln!(s, "D {}", hex(p));
            }
        }
    }
    s
}

fn parse_journal(text: &str) -> Option<Vec<Op>> {
    let mut lines = text.lines();
    if lines.next()? != JOURNAL_HEAD {
        return None;
    }
    lines
        .map(|line| {
            let parts: Vec<&str> = line.split(' ').collect();
            match parts.as_slice() {
                ["R", from, to] => Some(Op::Rename(unhex(from)?, unhex(to)?)),
                ["D", p] => Some(Op::Remove(unhex(p)?)),
                _ => None,
            }
        })
        .collect()
}

/// Writes the folder's journal: to a temporary file, fsynced, then renamed
/// into place, so a journal is always whole.
fn write_journal(dir: &Path, ops: &[Op]) -> io::Result<()> {
    let tmp = dir.join(format!("{TEMP_PREFIX}journal.tmp"));
    let mut f = File::create(&tmp)?;
    f.write_all(journal_text(ops).as_bytes())?;
    f.sync_all()?;
    drop(f);
    fs::rename(&tmp, dir.join(JOURNAL))?;
    sync_dir(dir);
    Ok(())
}

/// Carries out a journal's steps; each step can be done again safely.
fn run_ops(dir: &Path, ops: &[Op]) -> io::Result<()> {
    for op in ops {
        match op {
            Op::Rename(from, to) => {
                let from = dir.join(from);
                if fs::symlink_metadata(&from).is_ok() {
                    fs::rename(&from, dir.join(to))?;
                }
            }
            Op::Remove(p) => match fs::remove_file(dir.join(p)) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
                _ => {}
            },
        }
    }
    sync_dir(dir);
    Ok(())
}

/// Completes a commit that an earlier run left (roll forward), then removes
/// the temporary files of runs that were killed. Called with the lock held,
/// so no live run owns those files.
fn recover(dir: &Path) -> Result<(), Diagnostics> {
    let journal = dir.join(JOURNAL);
    if fs::symlink_metadata(&journal).is_ok() {
        let hint = "en tidigare körning avbröts medan den skrev; ta bort filen .planrapport.journal i mappen och bygg om dokumenten i den";
        let text = fs::read_to_string(&journal)
            .map_err(|e| one(io_error("en avbruten körnings journal kunde inte läsas", &e, &journal, hint)))?;
        let ops = parse_journal(&text).ok_or_else(|| {
            one(Diagnostic::error("en avbruten körnings journal är skadad", Some(Origin::File(journal.clone())))
                .with_hint(hint))
        })?;
        run_ops(dir, &ops)
            .and_then(|()| fs::remove_file(&journal))
            .map_err(|e| one(io_error("en avbruten körning kunde inte slutföras", &e, &journal, hint)))?;
        sync_dir(dir);
    }
    if let Ok(list) = fs::read_dir(dir) {
        for entry in list.flatten() {
            let stale = entry.file_name().to_str().is_some_and(|n| n.starts_with(TEMP_PREFIX))
                && entry.file_type().is_ok_and(|t| t.is_file() || t.is_symlink());
            if stale {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
    Ok(())
}

/// Every problem with the targets, before anything is written.
fn check(entries: &[Entry], existing: Existing) -> Result<(), Diagnostics> {
    let mut diags = Diagnostics::default();
    for (i, e) in entries.iter().enumerate() {
        let at = Some(Origin::File(e.target.to_path_buf()));
        let path = e.path();
        if entries[..i].iter().any(|o| o.dir == e.dir && o.name == e.name) {
            diags.push(
                Diagnostic::error("två utdata skulle skriva samma fil", at)
                    .with_hint("ge utdata olika namn (till exempel --emit-typst plan.typ)"),
            );
            continue;
        }
        let Ok(meta) = fs::symlink_metadata(&path) else { continue };
        if fs::metadata(&path).is_ok_and(|m| m.is_dir()) {
            diags.push(Diagnostic::error("utdata kan inte skrivas: det finns en mapp med samma namn", at).with_hint(
                "flytta eller byt namn på mappen, eller välj en annan utdatamapp med -o; inga tidigare utdata ersattes",
            ));
        } else if !meta.is_file() && !meta.file_type().is_symlink() {
            diags.push(
                Diagnostic::error(
                    "utdata kan inte skrivas: det finns något som inte är en vanlig fil med samma namn",
                    at,
                )
                .with_hint("ta bort det, eller välj ett annat namn eller en annan mapp för utdata"),
            );
        } else if meta.is_file() && meta.permissions().readonly() {
            diags.push(Diagnostic::error("utdata kan inte skrivas: filen är skrivskyddad", at).with_hint(
                "ta bort skrivskyddet från filen, eller välj en annan utdatamapp med -o; inga tidigare utdata ersattes",
            ));
        } else if existing != Existing::ReplaceInput && was_read(&path) {
            diags.push(Diagnostic::error("utdata skulle skriva över en av körningens indatafiler", at).with_hint(
                "välj ett annat filnamn eller en annan mapp för utdata; planrapport skriver aldrig över filer den läser",
            ));
        } else if existing == Existing::Refuse {
            diags.push(
                Diagnostic::error("filen finns redan", at)
                    .with_hint("ange --skriv-over för att ersätta den, eller välj ett annat filnamn"),
            );
        }
    }
    if diags.has_errors() { Err(diags) } else { Ok(()) }
}

/// Writes every file to a temporary file beside its target (fsynced) and
/// keeps the current version of each target as a backup.
fn stage(entries: &mut [Entry]) -> Result<(), Diagnostics> {
    for e in entries.iter_mut() {
        let fail = |e2: &io::Error| one(io_error("utdata kunde inte skrivas", e2, e.target, HINT_WRITE));
        let (mut file, temp) = tempfile::Builder::new()
            .prefix(TEMP_PREFIX)
            .suffix(".tmp")
            .tempfile_in(&e.dir)
            .and_then(|t| t.keep().map_err(|k| k.error))
            .map_err(|x| fail(&x))?;
        e.temp = Some(temp);
        file.write_all(e.bytes).map_err(|x| fail(&x))?;
        // Temporary files are private (0600); outputs are ordinary documents.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = fs::metadata(e.path()).map_or(0o644, |m| m.permissions().mode());
            file.set_permissions(fs::Permissions::from_mode(mode)).map_err(|x| fail(&x))?;
        }
        file.sync_all().map_err(|x| fail(&x))?;
    }
    fault("abort-after-staging");
    for e in entries.iter_mut() {
        let path = e.path();
        if fs::symlink_metadata(&path).is_err() {
            continue;
        }
        // A hard link costs nothing; a copy where links are not possible.
        let backup = tempfile::Builder::new()
            .prefix(TEMP_PREFIX)
            .suffix(".bak")
            .make_in(&e.dir, |p| match fs::hard_link(&path, p) {
                Err(x) if x.kind() != io::ErrorKind::AlreadyExists => fs::copy(&path, p).map(|_| ()),
                other => other,
            })
            .and_then(|t| t.into_temp_path().keep().map_err(|k| k.error))
            .map_err(|x| one(io_error("den tidigare versionen kunde inte sparas undan", &x, e.target, HINT_WRITE)))?;
        e.backup = Some(backup);
    }
    Ok(())
}

fn fs_rename(from: &Path, to: &Path) -> io::Result<()> {
    fs::rename(from, to)
}

fn file_name(p: Option<&PathBuf>) -> Option<OsString> {
    p.and_then(|p| p.file_name()).map(std::ffi::OsStr::to_os_string)
}

/// The journal, the renames, the clean-up; on a failed rename, the
/// backups go back.
fn commit<'d>(
    entries: &mut [Entry],
    folders: impl Iterator<Item = &'d PathBuf> + Clone,
    rename: &mut dyn FnMut(&Path, &Path) -> io::Result<()>,
) -> Result<(), Diagnostics> {
    // The journal of each folder: its renames, then removing its backups.
    for dir in folders.clone() {
        let mine: Vec<&Entry> = entries.iter().filter(|e| e.dir == *dir).collect();
        let mut ops: Vec<Op> =
            mine.iter().filter_map(|e| Some(Op::Rename(file_name(e.temp.as_ref())?, e.name.clone()))).collect();
        ops.extend(mine.iter().filter_map(|e| file_name(e.backup.as_ref())).map(Op::Remove));
        if let Err(x) = write_journal(dir, &ops) {
            for d in folders.clone() {
                let _ = fs::remove_file(d.join(JOURNAL));
            }
            let at = mine.first().map_or(dir.as_path(), |e| e.target);
            return Err(one(io_error("utdata kunde inte skrivas", &x, at, HINT_WRITE)));
        }
    }
    for i in 0..entries.len() {
        let result = match &entries[i].temp {
            Some(temp) => rename(temp, &entries[i].path()),
            None => Ok(()),
        };
        if let Err(x) = result {
            let mut diags = one(io_error(
                "utdata kunde inte skrivas",
                &x,
                entries[i].target,
                "är filen öppen i ett annat program (till exempel Excel eller en PDF-läsare)? Stäng den och försök igen; inga tidigare utdata ersattes",
            ));
            if let Err(d) = roll_back(entries, i, folders) {
                diags.extend(d);
            }
            return Err(diags);
        }
        entries[i].temp = None;
        fault("rename");
        fault("abort-after-first-rename");
    }
    for dir in folders {
        let backups: Vec<Op> = entries
            .iter()
            .filter(|e| e.dir == *dir)
            .filter_map(|e| file_name(e.backup.as_ref()))
            .map(Op::Remove)
            .collect();
        let _ = run_ops(dir, &backups).and_then(|()| fs::remove_file(dir.join(JOURNAL)));
        sync_dir(dir);
    }
    for e in entries.iter_mut() {
        e.backup = None;
    }
    Ok(())
}

/// Undoes the first `done` renames: the backups go back, new files go.
/// The undo is itself journalled, so a kill during it is finished later.
fn roll_back<'d>(
    entries: &mut [Entry],
    done: usize,
    folders: impl Iterator<Item = &'d PathBuf>,
) -> Result<(), Diagnostics> {
    let mut diags = Diagnostics::default();
    for dir in folders {
        let mut ops = Vec::new();
        for (i, e) in entries.iter().enumerate().filter(|(_, e)| e.dir == *dir) {
            if i < done {
                match file_name(e.backup.as_ref()) {
                    Some(b) => ops.push(Op::Rename(b, e.name.clone())),
                    None => ops.push(Op::Remove(e.name.clone())),
                }
            } else {
                ops.extend(file_name(e.temp.as_ref()).map(Op::Remove));
                ops.extend(file_name(e.backup.as_ref()).map(Op::Remove));
            }
        }
        // Without room for the undo's journal (a full disk) the undo still
        // runs; the commit's journal stays until it is done.
        let _ = write_journal(dir, &ops);
        let result = run_ops(dir, &ops).and_then(|()| fs::remove_file(dir.join(JOURNAL)));
        if let Err(x) = result {
            diags.push(io_error(
                "de tidigare versionerna kunde inte läggas tillbaka",
                &x,
                dir,
                "nästa körning till mappen lägger tillbaka dem; kör samma kommando igen när felet är åtgärdat",
            ));
        }
    }
    for e in entries.iter_mut() {
        e.temp = None;
        e.backup = None;
    }
    if diags.has_errors() { Err(diags) } else { Ok(()) }
}

#[cfg(unix)]
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn journal_round_trips_any_name() {
        let ops = vec![Op::Rename(".planrapport-abc.tmp".into(), "plan åäö.pdf".into()), Op::Remove("a b\tc".into())];
        assert_eq!(parse_journal(&journal_text(&ops)), Some(ops));
        assert_eq!(parse_journal("planrapport-journal 1\nR 6\n"), None);
        assert_eq!(parse_journal("något annat\n"), None);
    }

    /// A rename that fails half-way (the second of three): the first target
    /// gets its old content back, the third is never touched, nothing is
    /// left behind.
    #[test]
    fn a_failed_rename_puts_the_previous_files_back() {
        let dir = tempfile::tempdir().unwrap();
        let d = fs::canonicalize(dir.path()).unwrap();
        fs::write(d.join("a.pdf"), "gammal a").unwrap();
        fs::write(d.join("c.xlsx"), "gammal c").unwrap();
        let files: Vec<(PathBuf, Vec<u8>)> =
            ["a.pdf", "b.typ", "c.xlsx"].iter().map(|n| (d.join(n), format!("ny {n}").into_bytes())).collect();
        let mut entries: Vec<Entry> = files
            .iter()
            .map(|(p, b)| Entry {
                target: p,
                dir: d.clone(),
                name: p.file_name().unwrap().to_os_string(),
                bytes: b,
                temp: None,
                backup: None,
            })
            .collect();
        stage(&mut entries).unwrap();
        let mut calls = 0;
        let mut failing = |from: &Path, to: &Path| {
            calls += 1;
            if calls == 2 { Err(io::Error::from(io::ErrorKind::PermissionDenied)) } else { fs::rename(from, to) }
        };
        let folders = [d.clone()];
        let err = commit(&mut entries, folders.iter(), &mut failing).unwrap_err();
        assert!(err.items[0].message.contains("behörighet saknas"), "{:?}", err.items);
        assert_eq!(fs::read_to_string(d.join("a.pdf")).unwrap(), "gammal a");
        assert_eq!(fs::read_to_string(d.join("c.xlsx")).unwrap(), "gammal c");
        assert!(!d.join("b.typ").exists());
        let mut left: Vec<String> =
            fs::read_dir(&d).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        left.sort();
        assert_eq!(left, ["a.pdf", "c.xlsx"]);
    }

    #[test]
    fn hard_links_and_symlinks_are_the_same_file() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.xlsx");
        fs::write(&a, "x").unwrap();
        fs::write(dir.path().join("b.xlsx"), "x").unwrap();
        fs::hard_link(&a, dir.path().join("hard.xlsx")).unwrap();
        assert!(same_file(&a, &dir.path().join("hard.xlsx")));
        assert!(same_file(&a, &dir.path().join(".").join("a.xlsx")));
        assert!(!same_file(&a, &dir.path().join("b.xlsx")));
        assert!(!same_file(&a, &dir.path().join("finns-inte.xlsx")));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&a, dir.path().join("link.xlsx")).unwrap();
            assert!(same_file(&a, &dir.path().join("link.xlsx")));
        }
    }
}
