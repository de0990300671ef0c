//! Running the commands rules and reminders ask for (DESIGN §11): a command and its
//! arguments, or a shell line the user asked for, with the event as JSON on standard input,
//! `CRM_*` variables, and a timeout after which the command and what it started are stopped.
//! Used by the faces after a change is committed; nothing here touches the database.

use std::io::{Read, Write};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::domain::automation::{HookCall, HookCommand};

/// The most of a failing command's error output kept for the message.
const KEPT_OUTPUT: usize = 2048;

/// Runs a rule's hook. `Err` says in one line why it failed.
pub fn run(call: &HookCall) -> Result<(), String> {
    let mut cmd = match &call.command {
        HookCommand::Argv(argv) => {
            let Some((program, args)) = argv.split_first() else {
                return Err("the hook has no command.".into());
            };
            let mut c = Command::new(program);
            c.args(args);
            c
        }
        HookCommand::Shell(line) => {
            let mut c = Command::new("sh");
            c.arg("-c").arg(line);
            c
        }
    };
    cmd.envs(call.env.iter().map(|(k, v)| (k, v)));
    execute(
        cmd,
        &describe(&call.command),
        Some(call.stdin.as_bytes()),
        call.timeout,
    )
}

/// Sends a notification with `[notify] command` (`{title}` and `{text}` filled in).
pub fn notify(
    command: &[String],
    title: &str,
    text: &str,
    timeout: Duration,
) -> Result<(), String> {
    let fill = |a: &String| a.replace("{title}", title).replace("{text}", text);
    let Some((program, args)) = command.split_first() else {
        return Err("[notify] command is empty.".into());
    };
    let mut cmd = Command::new(fill(program));
    cmd.args(args.iter().map(fill));
    execute(cmd, program, None, timeout)
}

fn describe(c: &HookCommand) -> String {
    match c {
        HookCommand::Argv(a) => a.first().cloned().unwrap_or_default(),
        HookCommand::Shell(s) => format!("sh -c {s:?}"),
    }
}

fn execute(
    mut cmd: Command,
    shown: &str,
    stdin: Option<&[u8]>,
    timeout: Duration,
) -> Result<(), String> {
    cmd.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    })
    .stdout(Stdio::null())
    .stderr(Stdio::piped());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // Its own process group, so a timeout stops what a shell line started too.
        cmd.process_group(0);
    }
    let mut child = cmd.spawn().map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => {
            format!("the command {shown:?} was not found; check its name and PATH.")
        }
        std::io::ErrorKind::PermissionDenied => {
            format!("the command {shown:?} cannot be run (permission denied).")
        }
        _ => format!("the command {shown:?} could not start: {e}."),
    })?;
    // Written from a thread: a command that never reads its input must not block us.
    let writer = child
        .stdin
        .take()
        .zip(stdin.map(<[u8]>::to_vec))
        .map(|(mut pipe, bytes)| {
            std::thread::spawn(move || {
                let _ = pipe.write_all(&bytes);
            })
        });
    let reader = child.stderr.take().map(|mut err| {
        std::thread::spawn(move || {
            let mut kept = Vec::new();
            let _ = (&mut err).take(KEPT_OUTPUT as u64).read_to_end(&mut kept);
            // Drain the rest so the command never blocks on a full pipe.
            let _ = std::io::copy(&mut err, &mut std::io::sink());
            kept
        })
    });
    let status = wait(&mut child, timeout);
    let status = match status {
        Some(s) => s,
        None => {
            stop(&mut child);
            return Err(format!(
                "the command {shown:?} took longer than {}s and was stopped.",
                timeout.as_secs()
            ));
        }
    };
    if let Some(w) = writer {
        let _ = w.join();
    }
    let said = reader
        .and_then(|r| r.join().ok())
        .map(|b| String::from_utf8_lossy(&b).trim().to_string())
        .unwrap_or_default();
    if status.success() {
        return Ok(());
    }
    let code = status
        .code()
        .map_or("was killed by a signal".to_string(), |c| {
            format!("exited with status {c}")
        });
    let last = said.lines().last().unwrap_or("");
    if last.is_empty() {
        Err(format!("the command {shown:?} {code}."))
    } else {
        Err(format!(
            "the command {shown:?} {code}: {}",
            crate::domain::text::sanitize_line(last)
        ))
    }
}

/// Waits for the command up to `timeout`; `None` when it is still running.
fn wait(child: &mut Child, timeout: Duration) -> Option<std::process::ExitStatus> {
    let deadline = Instant::now() + timeout;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Some(status),
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(10)),
            _ => return None,
        }
    }
}

fn stop(child: &mut Child) {
    #[cfg(unix)]
    {
        if let Ok(pid) = i32::try_from(child.id()) {
            // SAFETY: kill(2) on the group we created for this child; no memory is shared.
            unsafe {
                libc::kill(-pid, libc::SIGKILL);
            }
        }
    }
    let _ = child.kill();
    let _ = child.wait();
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn call(command: HookCommand, timeout: Duration) -> HookCall {
        HookCall {
            rule: "r".into(),
            command,
            stdin: r#"{"event":"deal.won"}"#.into(),
            env: vec![("CRM_EVENT".into(), "deal.won".into())],
            timeout,
            change: 1,
        }
    }

    #[test]
    fn a_hook_reads_the_event_on_stdin_and_its_variables() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("got");
        let line = format!(
            "cat > '{}'; echo \"$CRM_EVENT\" >> '{}'",
            out.display(),
            out.display()
        );
        run(&call(HookCommand::Shell(line), Duration::from_secs(5))).unwrap();
        let got = std::fs::read_to_string(&out).unwrap();
        assert_eq!(got, "{\"event\":\"deal.won\"}deal.won\n");
    }

    #[test]
    fn a_hook_past_its_timeout_is_stopped_with_what_it_started() {
        let started = Instant::now();
        let e = run(&call(
            HookCommand::Shell("sleep 30; echo late".into()),
            Duration::from_secs(1),
        ))
        .unwrap_err();
        assert!(e.contains("took longer than 1s"), "{e}");
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "it did not wait for sleep"
        );
    }

    #[test]
    fn a_missing_command_and_a_failing_one_say_why() {
        let e = run(&call(
            HookCommand::Argv(vec!["crm-no-such-command-here".into()]),
            Duration::from_secs(5),
        ))
        .unwrap_err();
        assert!(e.contains("was not found"), "{e}");
        let e = run(&call(
            HookCommand::Shell("echo broken >&2; exit 3".into()),
            Duration::from_secs(5),
        ))
        .unwrap_err();
        assert!(e.contains("status 3") && e.contains("broken"), "{e}");
    }

    #[test]
    fn a_hook_that_ignores_its_input_still_finishes() {
        run(&call(
            HookCommand::Argv(vec!["true".into()]),
            Duration::from_secs(5),
        ))
        .unwrap();
    }
}
