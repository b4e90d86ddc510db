//! Confined reading: every file the tool reads goes through here. A path is
//! resolved with its links (canonicalised) and must lie inside a root folder
//! (the input's folder, or the templates folder), must be a regular file
//! (never a folder, named pipe, socket or device, which could hang a read or
//! stand for something else), and is read up to a size limit. Links that stay
//! inside the folder keep working. Shared machinery: nothing here knows a
//! document kind; callers turn a [`Refusal`] into a message with its place.

use std::fs::{File, Metadata};
use std::io::Read as _;
use std::path::{Component, Path, PathBuf};

/// The largest file read (100 MiB): far beyond any real plan, workbook or
/// logo, and small enough that reading it cannot exhaust memory.
pub const MAX_BYTES: u64 = 100 * 1024 * 1024;

/// What a path is when it is not a regular file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Special {
    Folder,
    Pipe,
    Socket,
    Device,
    Other,
}

impl Special {
    fn of(meta: &Metadata) -> Special {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt as _;
            let t = meta.file_type();
            if t.is_fifo() {
                return Special::Pipe;
            }
            if t.is_socket() {
                return Special::Socket;
            }
            if t.is_block_device() || t.is_char_device() {
                return Special::Device;
            }
        }
        if meta.is_dir() { Special::Folder } else { Special::Other }
    }

    /// "en mapp", "en namngiven pipe (FIFO)" …, for messages.
    pub fn swedish(self) -> &'static str {
        match self {
            Special::Folder => "en mapp",
            Special::Pipe => "en namngiven pipe (FIFO)",
            Special::Socket => "en socket",
            Special::Device => "en enhetsfil",
            Special::Other => "ingen vanlig fil",
        }
    }
}

/// Why a path was not read.
#[derive(Debug)]
pub enum Refusal {
    /// Nothing is there (or a link points nowhere).
    NotFound,
    /// The path itself leads out of the folder (`..`, an absolute path elsewhere).
    Outside,
    /// The path is inside, but a link on the way leads out of the folder.
    LinkOutside,
    /// An absolute path (where only a path from the folder can be used).
    Absolute,
    /// Not a regular file.
    NotAFile(Special),
    /// Larger than the limit (bytes).
    TooLarge { size: u64, limit: u64 },
    /// Could not be read for another reason.
    Io(std::io::Error),
}

impl Refusal {
    fn from_io(e: std::io::Error) -> Refusal {
        if e.kind() == std::io::ErrorKind::NotFound { Refusal::NotFound } else { Refusal::Io(e) }
    }

    /// "12,5 MiB; högst 100 MiB", for [`Refusal::TooLarge`] messages.
    pub fn sizes(size: u64, limit: u64) -> String {
        #[allow(clippy::cast_precision_loss)]
        let mib = |n: u64| n as f64 / (1024.0 * 1024.0);
        format!("{} MiB; högst {} MiB", format!("{:.1}", mib(size)).replace('.', ","), mib(limit).round())
    }
}

/// A folder files may be read from.
#[derive(Debug, Clone)]
pub struct Folder {
    /// The folder, canonical (links resolved).
    root: PathBuf,
}

/// The folder a file named by `path` lies in: its parent, or the current
/// folder for a bare file name.
pub fn parent_of(path: &Path) -> &Path {
    path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

impl Folder {
    /// The folder `dir` (resolved).
    ///
    /// # Errors
    /// The folder does not exist or is not a folder.
    pub fn new(dir: &Path) -> Result<Folder, Refusal> {
        let root = dir.canonicalize().map_err(Refusal::from_io)?;
        let meta = std::fs::metadata(&root).map_err(Refusal::from_io)?;
        if !meta.is_dir() {
            return Err(Refusal::NotAFile(Special::of(&meta)));
        }
        Ok(Folder { root })
    }

    /// The folder of an input file (its parent, or `.` for a bare name).
    ///
    /// # Errors
    /// As [`Folder::new`].
    pub fn of(file: &Path) -> Result<Folder, Refusal> {
        Folder::new(parent_of(file))
    }

    /// The canonical folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `path` (relative to the folder, or absolute) resolved with its links,
    /// if it lies inside the folder; whatever it is (file, folder …).
    ///
    /// # Errors
    /// [`Refusal::Outside`] when the path as written leads out of the folder,
    /// [`Refusal::LinkOutside`] when a link does, [`Refusal::NotFound`].
    pub fn locate(&self, path: &Path) -> Result<PathBuf, Refusal> {
        let joined = if path.is_absolute() {
            path.to_path_buf()
        } else {
            // As written, `..` may not climb above the folder (even where the
            // target does not exist, so that the message says why).
            let mut depth = 0usize;
            for c in path.components() {
                match c {
                    Component::Normal(_) => depth += 1,
                    Component::CurDir => {}
                    Component::ParentDir if depth > 0 => depth -= 1,
                    Component::ParentDir | Component::RootDir | Component::Prefix(_) => {
                        return Err(Refusal::Outside);
                    }
                }
            }
            self.root.join(path)
        };
        let resolved = match joined.canonicalize() {
            Ok(p) => p,
            Err(e) => {
                // An absolute path elsewhere is outside whether or not it exists.
                if path.is_absolute() && !path.starts_with(&self.root) {
                    return Err(Refusal::Outside);
                }
                return Err(Refusal::from_io(e));
            }
        };
        if resolved.starts_with(&self.root) {
            Ok(resolved)
        } else if path.is_absolute() && !path.starts_with(&self.root) {
            Err(Refusal::Outside)
        } else {
            Err(Refusal::LinkOutside)
        }
    }

    /// As [`Folder::locate`], and the result must be a regular file.
    ///
    /// # Errors
    /// As [`Folder::locate`]; [`Refusal::NotAFile`] for folders, pipes,
    /// sockets and devices.
    pub fn file(&self, path: &Path) -> Result<PathBuf, Refusal> {
        let resolved = self.locate(path)?;
        let meta = std::fs::metadata(&resolved).map_err(Refusal::from_io)?;
        if meta.is_file() { Ok(resolved) } else { Err(Refusal::NotAFile(Special::of(&meta))) }
    }

    /// As [`Folder::locate`], and the result must be a folder.
    ///
    /// # Errors
    /// As [`Folder::locate`]; [`Refusal::NotAFile`] for anything but a folder
    /// (a regular file is [`Special::Other`]).
    pub fn folder(&self, path: &Path) -> Result<PathBuf, Refusal> {
        let resolved = self.locate(path)?;
        let meta = std::fs::metadata(&resolved).map_err(Refusal::from_io)?;
        if meta.is_dir() {
            Ok(resolved)
        } else if meta.is_file() {
            Err(Refusal::NotAFile(Special::Other))
        } else {
            Err(Refusal::NotAFile(Special::of(&meta)))
        }
    }

    /// The bytes of the regular file `path` (see [`Folder::file`]), at most
    /// `limit` of them.
    ///
    /// # Errors
    /// As [`Folder::file`]; [`Refusal::TooLarge`]; [`Refusal::Io`].
    pub fn read(&self, path: &Path, limit: u64) -> Result<Vec<u8>, Refusal> {
        let resolved = self.file(path)?;
        read_regular(&resolved, limit)
    }
}

/// Opens without waiting: a named pipe put in the place of the file after it
/// was checked must not block the open.
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(all(unix, any(target_os = "linux", target_os = "android")))]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        // O_NONBLOCK (the same on every Linux architecture this builds for,
        // save MIPS, SPARC and Alpha).
        #[cfg(not(any(target_arch = "mips", target_arch = "mips64", target_arch = "sparc64")))]
        options.custom_flags(0o4000);
    }
    #[cfg(all(unix, any(target_os = "macos", target_os = "ios", target_os = "freebsd")))]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(0x0004);
    }
    options.open(path)
}

/// Reads a path already resolved and checked, re-checking the opened file.
fn read_regular(resolved: &Path, limit: u64) -> Result<Vec<u8>, Refusal> {
    let file = open_nonblocking(resolved).map_err(Refusal::from_io)?;
    let meta = file.metadata().map_err(Refusal::Io)?;
    if !meta.is_file() {
        return Err(Refusal::NotAFile(Special::of(&meta)));
    }
    if meta.len() > limit {
        return Err(Refusal::TooLarge { size: meta.len(), limit });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit + 1).read_to_end(&mut bytes).map_err(Refusal::Io)?;
    if bytes.len() as u64 > limit {
        return Err(Refusal::TooLarge { size: bytes.len() as u64, limit });
    }
    // Every file a run reads is one it must never write over.
    crate::output::note_read(resolved);
    Ok(bytes)
}

/// Reads `path`, which must lie (links resolved) inside its own folder: the
/// way an input, its sidecar and profile, and a template file are read.
///
/// # Errors
/// As [`Folder::read`].
pub fn read_in_own_folder(path: &Path, limit: u64) -> Result<Vec<u8>, Refusal> {
    let folder = Folder::of(path)?;
    let name = path.file_name().map_or_else(|| path.to_path_buf(), PathBuf::from);
    folder.read(&name, limit)
}

/// Whether anything (a file, a folder, a dangling link) is at `path`.
pub fn exists(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inside_outside_and_links() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("sub")).unwrap();
        std::fs::write(root.join("sub/a.txt"), "a").unwrap();
        std::fs::write(outside.path().join("secret"), "s").unwrap();
        let f = Folder::new(root).unwrap();
        assert_eq!(f.read(Path::new("sub/a.txt"), 10).unwrap(), b"a");
        assert_eq!(f.read(Path::new("./sub/./a.txt"), 10).unwrap(), b"a");
        assert_eq!(f.read(Path::new("sub/../sub/a.txt"), 10).unwrap(), b"a");
        assert!(matches!(f.read(Path::new("../x"), 10), Err(Refusal::Outside)));
        assert!(matches!(f.read(Path::new("sub/../../x"), 10), Err(Refusal::Outside)));
        assert!(matches!(f.read(Path::new("/etc/passwd"), 10), Err(Refusal::Outside)));
        assert!(matches!(f.read(Path::new("nothing"), 10), Err(Refusal::NotFound)));
        assert!(matches!(f.read(Path::new("sub"), 10), Err(Refusal::NotAFile(Special::Folder))));
        assert!(matches!(f.read(Path::new("sub/a.txt"), 0), Err(Refusal::TooLarge { size: 1, limit: 0 })));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(outside.path().join("secret"), root.join("link")).unwrap();
            std::os::unix::fs::symlink(root.join("sub/a.txt"), root.join("inside")).unwrap();
            assert!(matches!(f.read(Path::new("link"), 10), Err(Refusal::LinkOutside)));
            assert_eq!(f.read(Path::new("inside"), 10).unwrap(), b"a");
            assert!(matches!(f.folder(Path::new("sub/a.txt")), Err(Refusal::NotAFile(Special::Other))));
            assert!(f.folder(Path::new(".")).is_ok());
        }
    }
}
