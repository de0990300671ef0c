//! Files that hold people's data (the database, backups, exports, rejected rows) are
//! created readable and writable by their owner only, in directories only the owner can
//! enter, so another user on the machine never gets a window to read them.

use std::fs::{DirBuilder, File, OpenOptions};
use std::io;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::Path;

/// Creates a new, empty file (mode 0600); fails if it already exists.
pub fn create(path: &Path) -> io::Result<File> {
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

/// Opens `path` for writing from the start, creating it if needed; an existing file is
/// truncated and made private too (its old mode might have let others read it).
pub fn replace(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::PermissionsExt;
    let f = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?;
    f.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    Ok(f)
}

/// The permission bits of an existing file that others may read or write (`0o644`), or
/// `None` when it is private (or cannot be read).
pub fn loose_mode(path: &Path) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
    (mode & 0o077 != 0).then_some(mode)
}

/// Makes an existing file private (0600) if others may read or write it. A file that is
/// not there is left alone; one that cannot be changed (another user's) is an error.
pub fn make_private(path: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    match std::fs::metadata(path) {
        Ok(m) if m.permissions().mode() & 0o077 != 0 => {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
        }
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

/// Creates `dir` and its missing parents (mode 0700).
pub fn create_dir_all(dir: &Path) -> io::Result<()> {
    DirBuilder::new().recursive(true).mode(0o700).create(dir)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use std::os::unix::fs::PermissionsExt;

    fn mode(p: &Path) -> u32 {
        fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn files_and_directories_are_private_and_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("a/b");
        create_dir_all(&sub).unwrap();
        assert_eq!(mode(&sub), 0o700);
        let file = sub.join("export.csv");
        create(&file).unwrap();
        assert_eq!(mode(&file), 0o600);
        let again = create(&file).unwrap_err();
        assert_eq!(again.kind(), io::ErrorKind::AlreadyExists);
    }

    #[test]
    fn an_open_file_is_made_private_and_a_missing_one_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("crm.db");
        fs::write(&file, b"").unwrap();
        fs::set_permissions(&file, fs::Permissions::from_mode(0o644)).unwrap();
        assert_eq!(loose_mode(&file), Some(0o644));
        make_private(&file).unwrap();
        assert_eq!(mode(&file), 0o600);
        assert_eq!(loose_mode(&file), None);
        make_private(&dir.path().join("missing")).unwrap();
        assert!(!dir.path().join("missing").exists());
    }
}
