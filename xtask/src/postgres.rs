//! A throwaway PostgreSQL cluster for the tests: Debian's `postgresql` package, a data
//! folder of its own under `target/postgres`, a free port on loopback, no Unix socket,
//! trust authentication for the one local user; stopped when the value is dropped. The
//! server's PostgreSQL store runs its test stories on it (`MITREDEN_TEST_POSTGRES`).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{output, root, say, status};

/// Debian's PostgreSQL (the `postgresql` package's version on bookworm).
const BIN: &str = "/usr/lib/postgresql/15/bin";

/// A running cluster; stopped on drop.
pub struct Cluster {
    /// The data folder (the erasure test searches its files).
    pub data: PathBuf,
    /// `postgres://postgres@127.0.0.1:PORT` (a database name goes after a `/`).
    pub url: String,
}

/// PostgreSQL refuses to run as root: as root, its programs run as the package's
/// `postgres` user.
fn as_owner(program: &str) -> Command {
    let is_root = output(Command::new("id").arg("-u")).is_some_and(|u| u.trim() == "0");
    let path = Path::new(BIN).join(program);
    if is_root {
        let mut cmd = Command::new("runuser");
        cmd.args(["-u", "postgres", "--"]).arg(path);
        cmd
    } else {
        Command::new(path)
    }
}

/// Whether Debian's PostgreSQL server programs are there.
pub fn present() -> bool {
    Path::new(BIN).join("pg_ctl").is_file()
}

/// Makes (once) and starts the cluster on a free port.
pub fn start() -> Result<Cluster, String> {
    let data = root().join("target/postgres");
    let is_root = output(Command::new("id").arg("-u")).is_some_and(|u| u.trim() == "0");
    if !data.join("PG_VERSION").is_file() {
        say(&format!(
            "making a throwaway PostgreSQL cluster in {} (initdb)",
            data.display()
        ));
        let _ = std::fs::remove_dir_all(&data);
        std::fs::create_dir_all(&data).map_err(|e| format!("{}: {e}", data.display()))?;
        if is_root {
            status(Command::new("chown").arg("postgres:postgres").arg(&data))?;
        }
        status(
            as_owner("initdb")
                .args(["--auth=trust", "--username=postgres", "--encoding=UTF8"])
                .args(["--locale=C.UTF-8", "--no-instructions", "--pgdata"])
                .arg(&data)
                .stdout(std::process::Stdio::null()),
        )?;
    }
    // A free port: the system's pick for a socket bound and closed at once.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| format!("no free port for PostgreSQL: {e}"))?
        .port();
    let log = data.join("server.log");
    // A stopped run may have left its server behind.
    let _ = as_owner("pg_ctl")
        .args(["stop", "-m", "immediate", "-D"])
        .arg(&data)
        .output();
    say(&format!(
        "starting PostgreSQL on 127.0.0.1:{port} (log: {})",
        log.display()
    ));
    status(
        as_owner("pg_ctl")
            .args(["start", "-w", "-D"])
            .arg(&data)
            .arg("-l")
            .arg(&log)
            .arg("-o")
            .arg(format!(
                "-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' \
                 -c max_connections=200 -c fsync=on"
            ))
            .stdout(std::process::Stdio::null()),
    )?;
    Ok(Cluster {
        data,
        url: format!("postgres://postgres@127.0.0.1:{port}"),
    })
}

impl Drop for Cluster {
    fn drop(&mut self) {
        say("stopping the throwaway PostgreSQL cluster");
        let _ = as_owner("pg_ctl")
            .args(["stop", "-m", "fast", "-D"])
            .arg(&self.data)
            .stdout(std::process::Stdio::null())
            .status();
    }
}
