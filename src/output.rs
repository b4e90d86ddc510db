//! Writing outputs atomically: each file is written to a temporary file in
//! the target folder and renamed into place only when every output of the
//! build is ready, so a failed build never leaves a half-written file nor
//! replaces the previous good one.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics, Origin};

/// Writes all `(path, bytes)` pairs, or none of them.
///
/// # Errors
/// The folder cannot be created or a file cannot be written; temporary files
/// are removed and no target is touched.
pub fn write_all(files: &[(PathBuf, Vec<u8>)]) -> Result<(), Diagnostics> {
    let mut staged: Vec<(tempfile::NamedTempFile, &Path)> = Vec::new();
    for (path, bytes) in files {
        let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let fail = |e: std::io::Error| {
            crate::load::one(
                Diagnostic::error(format!("utdata kunde inte skrivas: {e}"), Some(Origin::File(path.clone())))
                    .with_hint(
                        "kontrollera att mappen går att skriva i och att filen inte är öppen i ett annat program",
                    ),
            )
        };
        std::fs::create_dir_all(dir).map_err(fail)?;
        let mut tmp = tempfile::Builder::new().prefix(".planrapport-").tempfile_in(dir).map_err(fail)?;
        tmp.write_all(bytes).map_err(fail)?;
        // Temporary files are private (0600); outputs are ordinary documents.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(path).map_or(0o644, |m| m.permissions().mode());
            tmp.as_file().set_permissions(std::fs::Permissions::from_mode(mode)).map_err(fail)?;
        }
        tmp.as_file().sync_all().map_err(fail)?;
        staged.push((tmp, path));
    }
    for (tmp, path) in staged {
        tmp.persist(path).map_err(|e| {
            crate::load::one(Diagnostic::error(format!("utdata kunde inte skrivas: {}", e.error), Some(Origin::File(path.to_path_buf())))
                .with_hint("är filen öppen i ett annat program (till exempel Excel eller en PDF-läsare)? Stäng den och försök igen"))
        })?;
    }
    Ok(())
}
