//! Running one program with a deadline: output goes to files, never to pipes that could fill.

use super::ReadFailure;
use std::fs::File;
use std::io::ErrorKind;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How often a running program is checked.
const POLL: Duration = Duration::from_millis(10);

/// Runs `cmd` (whose program is `program`), its standard output into `stdout` when given and
/// its errors into `dir/stderr.txt`. A non-zero exit is `Unreadable` with the first error line.
pub fn run(
    cmd: &mut Command,
    program: &Path,
    dir: &Path,
    stdout: Option<&Path>,
    deadline: Instant,
) -> Result<(), ReadFailure> {
    let err_path = dir.join("stderr.txt");
    let err_file = File::create(&err_path).map_err(io)?;
    let out = match stdout {
        Some(p) => Stdio::from(File::create(p).map_err(io)?),
        None => Stdio::null(),
    };
    cmd.stdin(Stdio::null()).stdout(out).stderr(err_file);
    let mut child = cmd.spawn().map_err(|e| match e.kind() {
        ErrorKind::NotFound | ErrorKind::PermissionDenied => ReadFailure::Missing {
            program: program.display().to_string(),
            detail: e.to_string(),
        },
        _ => io(e),
    })?;
    loop {
        if let Some(status) = child.try_wait().map_err(io)? {
            if status.success() {
                return Ok(());
            }
            let said = std::fs::read_to_string(&err_path).unwrap_or_default();
            let first = said
                .lines()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("no message");
            let name = program.file_name().unwrap_or(program.as_os_str());
            return Err(ReadFailure::Unreadable(format!(
                "{} could not read the file ({status}): {first}",
                name.to_string_lossy()
            )));
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            return Err(ReadFailure::TimedOut);
        }
        std::thread::sleep(POLL);
    }
}

pub fn io(e: std::io::Error) -> ReadFailure {
    ReadFailure::Io(e.to_string())
}
