//! A throwaway PostgreSQL cluster for the tests: Debian's `postgresql` package, a data
//! folder of its own under `target/postgres` made anew for every run, a free port on
//! loopback, no Unix socket, a password drawn for the run; stopped when the value is
//! dropped. The server's PostgreSQL store runs its test stories on it
//! (`MITREDEN_TEST_POSTGRES`; `MITREDEN_TEST_POSTGRES_DATA` for the erasure test).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{root, say, status};

/// Debian's PostgreSQL (the `postgresql` package's version on bookworm).
const BIN: &str = "/usr/lib/postgresql/15/bin";

/// A running cluster; stopped on drop.
pub struct Cluster {
    /// The data folder (the erasure test searches its files).
    pub data: PathBuf,
    /// `postgres://postgres:PASSWORD@127.0.0.1:PORT` (a database name goes after a `/`).
    pub url: String,
}

/// PostgreSQL refuses to run as root: as root, its programs run as the package's
/// `postgres` user.
fn as_owner(program: &str) -> Command {
    let path = Path::new(BIN).join(program);
    if crate::tools::is_root() {
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

/// Makes a new cluster (a data folder left by an earlier run is removed first: nothing
/// of it is kept, and a run stopped half-way leaves nothing broken behind) and starts it
/// on a free port. Connections need the password this run drew (SCRAM), so no other local
/// account can use the cluster as its superuser.
pub fn start() -> Result<Cluster, String> {
    let data = root().join("target/postgres");
    let is_root = crate::tools::is_root();
    // A server an earlier run left behind.
    if data.join("postmaster.pid").is_file() {
        let _ = as_owner("pg_ctl")
            .args(["stop", "-m", "immediate", "-D"])
            .arg(&data)
            .output();
    }
    let _ = std::fs::remove_dir_all(&data);
    say(&format!(
        "making a throwaway PostgreSQL cluster in {} (initdb)",
        data.display()
    ));
    std::fs::create_dir_all(&data).map_err(|e| format!("{}: {e}", data.display()))?;
    let password = random_hex()?;
    // The password for initdb, in a file beside the (still empty) data folder that only
    // the cluster's owner reads, removed after.
    let pwfile = data.with_file_name("postgres-initdb-password");
    std::fs::write(&pwfile, &password).map_err(|e| format!("{}: {e}", pwfile.display()))?;
    let owner_only = std::os::unix::fs::PermissionsExt::from_mode(0o600);
    std::fs::set_permissions(&pwfile, owner_only)
        .map_err(|e| format!("{}: {e}", pwfile.display()))?;
    if is_root {
        status(
            Command::new("chown")
                .arg("postgres:postgres")
                .arg(&data)
                .arg(&pwfile),
        )?;
    }
    let made = status(
        as_owner("initdb")
            .args([
                "--auth=scram-sha-256",
                "--username=postgres",
                "--encoding=UTF8",
            ])
            .args(["--locale=C.UTF-8", "--no-instructions", "--pwfile"])
            .arg(&pwfile)
            .arg("--pgdata")
            .arg(&data)
            .stdout(std::process::Stdio::null()),
    );
    let _ = std::fs::remove_file(&pwfile);
    made?;
    // A free port: the system's pick for a socket bound and closed at once.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| format!("no free port for PostgreSQL: {e}"))?
        .port();
    let log = data.join("server.log");
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
                 -c max_connections=200"
            ))
            .stdout(std::process::Stdio::null()),
    )?;
    Ok(Cluster {
        data,
        url: format!("postgres://postgres:{password}@127.0.0.1:{port}"),
    })
}

/// 32 hexadecimal digits from the system's random source.
fn random_hex() -> Result<String, String> {
    use std::io::Read;
    let mut bytes = [0u8; 16];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .map_err(|e| format!("/dev/urandom: {e}"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
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

/// `cargo xtask postgres CMD...`: CMD with a throwaway cluster, which is stopped after it.
pub fn run_with(command: &[String]) -> Result<(), String> {
    let cluster = start()?;
    let mut cmd = Command::new(&command[0]);
    cmd.args(&command[1..])
        .current_dir(root())
        .env("MITREDEN_TEST_POSTGRES", &cluster.url)
        .env("MITREDEN_TEST_POSTGRES_DATA", &cluster.data);
    status(&mut cmd)
}
