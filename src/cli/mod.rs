//! The command line: `zonage check`, `zonage report`, `zonage dossier`,
//! `zonage tiles`, `zonage generate`, `zonage demo`, `zonage serve`.
//!
//! Exit codes: 0 done (warnings included), 1 the inputs cannot be used (the
//! message names file, line or feature, and field), 2 bad command-line usage.

mod dossier;
mod tiles;

use crate::error::InputError;
use crate::manifest::Manifest;
use crate::progress::Progress;
use crate::report;
use crate::synth::{self, SynthParams};
use crate::territory::Territory;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "zonage",
    version,
    about = "Territoires, QPV et exclusion numérique des demandeurs d’emploi"
)]
struct Cli {
    /// No progress display.
    #[arg(short, long, global = true)]
    quiet: bool,
    /// More log output on standard error (-v: steps and timings, -vv: debug).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Load a manifest and report on data quality (exit 1 only if unusable).
    Check {
        #[command(flatten)]
        source: Source,
        /// Also write the report as JSON to this file.
        #[arg(long)]
        json: Option<PathBuf>,
    },
    /// One row per zone of a layer, with parent zones and every indicator.
    Report {
        #[command(flatten)]
        source: Source,
        /// The zone layer (e.g. `qpv`, `communes`).
        #[arg(long)]
        layer: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Csv)]
        format: Format,
        /// CSV dialect: `comma`, or `semicolon` (`;` and decimal commas, for French spreadsheets).
        #[arg(long, value_enum, default_value_t = report::Separator::Comma)]
        sep: report::Separator,
        /// Write to this file instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// A zone's diagnostic dossier: seven 16:9 slides (title, key figures,
    /// map, where to act, help places, change over time, method), as one PDF
    /// or one PNG (1920 × 1080) or SVG picture per slide in a folder.
    Dossier {
        #[command(flatten)]
        source: Source,
        /// The zone's layer (e.g. `agences`, `communes`, `qpv`).
        #[arg(long)]
        layer: String,
        /// The zone's code (e.g. `62590`), or its exact name.
        #[arg(long)]
        zone: String,
        /// The indicator of the map and of "where to act" (default: `part_non_autonomes`).
        #[arg(long)]
        indicator: Option<String>,
        /// `pdf`, or `png`/`svg` for one picture per slide.
        #[arg(long, value_enum, default_value_t = DossierFormat::Pdf)]
        format: DossierFormat,
        /// The PDF file, or the pictures' folder (default: named after the
        /// zone and the vintage, in the current folder).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// A public layer's tiles over a range of zooms in one PMTiles v3
    /// archive, for static hosting (vector tiles, or PNG tiles of an
    /// indicator); private layers are refused.
    Tiles {
        #[command(flatten)]
        source: Source,
        /// A zone layer, or a public point layer (help places).
        #[arg(long)]
        layer: String,
        /// PNG tiles of the zone layer coloured by this indicator (quantiles,
        /// 5 classes, as on the map) instead of vector tiles.
        #[arg(long)]
        indicator: Option<String>,
        /// First zoom.
        #[arg(long, default_value_t = 0)]
        min_zoom: u8,
        /// Last zoom.
        #[arg(long, default_value_t = 14)]
        max_zoom: u8,
        /// The archive to write (e.g. `communes.pmtiles`).
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Serve the territory over HTTP (indicators, lookups, legends).
    Serve {
        #[command(flatten)]
        source: Source,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        bind: String,
        /// Compute every tile anew (for benchmarks of the cold path).
        #[arg(long)]
        no_tile_cache: bool,
        /// Memory the tile cache may use, in MiB (least used tiles evicted beyond).
        #[arg(long, default_value_t = crate::server::state::TILE_CACHE_BYTES >> 20)]
        tile_cache_mb: usize,
        /// Seconds an upload's body may take to arrive (408 beyond).
        #[arg(long, default_value_t = crate::server::state::BODY_TIMEOUT.as_secs())]
        body_timeout: u64,
        /// Address clients reach the service at, behind a reverse proxy
        /// (e.g. https://cartes.example.fr/zonage): written in TileJSON URLs.
        /// Without it those URLs are relative to the server's root.
        #[arg(long, env = "ZONAGE_PUBLIC_URL")]
        public_url: Option<String>,
    },
    /// Write a synthetic territory (files + manifest) to a folder.
    Generate {
        /// Folder to create.
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        params: SynthArgs,
    },
    /// Generate a small synthetic territory and show its QPV hotspots.
    Demo {
        /// Keep the generated files in this folder (default: a temporary one).
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(Args)]
struct Source {
    /// The territory's manifest (TOML).
    manifest: PathBuf,
    /// Folder the manifest's file paths are relative to (default: the manifest's folder).
    #[arg(long, env = "ZONAGE_DATA")]
    data: Option<PathBuf>,
}

#[derive(Args)]
struct SynthArgs {
    /// Number of communes.
    #[arg(long, default_value_t = 400)]
    communes: usize,
    /// Number of job-seekers.
    #[arg(long, default_value_t = 60_000)]
    seekers: usize,
    /// Random seed: the same seed gives the same files.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

#[derive(Clone, Copy, ValueEnum)]
enum DossierFormat {
    Pdf,
    Png,
    Svg,
}

impl From<DossierFormat> for crate::dossier::Format {
    fn from(f: DossierFormat) -> Self {
        match f {
            DossierFormat::Pdf => crate::dossier::Format::Pdf,
            DossierFormat::Png => crate::dossier::Format::Png,
            DossierFormat::Svg => crate::dossier::Format::Svg,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Csv,
    Json,
}

/// Runs the command line and returns the process exit code.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    init_logs(cli.verbose);
    let progress = Progress::new(cli.quiet);
    match execute(cli.command, &progress) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("erreur\u{a0}: {message}");
            ExitCode::from(1)
        }
    }
}

fn init_logs(verbose: u8) {
    let level = match verbose {
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    let filter =
        tracing_subscriber::EnvFilter::try_from_env("ZONAGE_LOG").unwrap_or_else(|_| level.into());
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_target(false)
        .init();
}

fn execute(command: Command, progress: &Progress) -> Result<(), String> {
    match command {
        Command::Check { source, json } => check(&source, json.as_deref(), progress),
        Command::Report {
            source,
            layer,
            format,
            sep,
            output,
        } => {
            let territory = load(&source, progress)?;
            write_report(&territory, &layer, (format, sep), output.as_deref())
        }
        Command::Dossier {
            source,
            layer,
            zone,
            indicator,
            format,
            output,
        } => {
            let territory = load(&source, progress)?;
            let request = dossier::Request {
                layer: &layer,
                zone: &zone,
                indicator: indicator.as_deref(),
                format: format.into(),
                output: output.as_deref(),
            };
            write_dossier(&territory, &request)
        }
        Command::Tiles {
            source,
            layer,
            indicator,
            min_zoom,
            max_zoom,
            output,
        } => {
            let territory = load(&source, progress)?;
            let version = crate::territory::fingerprint::data_version(&territory);
            let request = tiles::Request {
                layer: &layer,
                indicator: indicator.as_deref(),
                zooms: (min_zoom, max_zoom),
                output: &output,
            };
            write_stdout(&tiles::write(&territory, &version, &request, progress)?)
        }
        Command::Generate { out, params } => {
            let p = SynthParams {
                communes: params.communes,
                seekers: params.seekers,
                seed: params.seed,
            };
            let manifest = synth::write_territory(&p, &out, progress).map_err(|e| e.to_string())?;
            write_stdout(&format!("{}\n", manifest.display()))?;
            Ok(())
        }
        Command::Demo { out } => demo(out, progress),
        Command::Serve {
            source,
            bind,
            no_tile_cache,
            tile_cache_mb,
            body_timeout,
            public_url,
        } => {
            let options = crate::server::state::Options {
                admin_token: std::env::var("ZONAGE_ADMIN_TOKEN")
                    .ok()
                    .filter(|t| !t.is_empty()),
                tile_cache: !no_tile_cache,
                tile_cache_bytes: tile_cache_mb.saturating_mul(1024 * 1024),
                body_timeout: std::time::Duration::from_secs(body_timeout.max(1)),
                public_url: public_url.map(|u| u.trim_end_matches('/').to_string()),
            };
            serve(&source, &bind, options, progress)
        }
    }
}

fn load(source: &Source, progress: &Progress) -> Result<Territory, String> {
    let manifest = Manifest::load(&source.manifest).map_err(|e| e.to_string())?;
    let dir = data_dir(source);
    let territory =
        Territory::load(manifest, &dir, progress).map_err(|e: InputError| e.to_string())?;
    // With -v, every command says what it found wrong in the inputs, as `check` does.
    for warning in &territory.quality.warnings {
        tracing::info!("! {warning}");
    }
    Ok(territory)
}

fn data_dir(source: &Source) -> PathBuf {
    source.data.clone().unwrap_or_else(|| {
        source
            .manifest
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
    })
}

fn check(source: &Source, json: Option<&Path>, progress: &Progress) -> Result<(), String> {
    let territory = load(source, progress)?;
    write_stdout(&territory.quality.to_string())?;
    if let Some(path) = json {
        let text = serde_json::to_string_pretty(&territory.quality).map_err(|e| e.to_string())?;
        std::fs::write(path, text).map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
    }
    Ok(())
}

fn write_report(
    t: &Territory,
    layer: &str,
    (format, sep): (Format, report::Separator),
    output: Option<&Path>,
) -> Result<(), String> {
    let rows = report::rows(t, layer).ok_or_else(|| {
        let valid: Vec<String> = t.zones.iter().map(|z| format!("`{}`", z.id)).collect();
        format!("unknown zone layer `{layer}` (valid: {})", valid.join(", "))
    })?;
    // Buffered: serde and csv write a few bytes at a time, and a system call
    // per piece made the national JSON report spend most of its time in them.
    let sink: Box<dyn Write> = match output {
        Some(path) => Box::new(
            std::fs::File::create(path)
                .map_err(|e| format!("{}: cannot write: {e}", path.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = std::io::BufWriter::with_capacity(1 << 16, sink);
    let written = match format {
        Format::Csv => report::write_csv(&rows, sep, &mut out).map_err(|e| match e.into_kind() {
            csv::ErrorKind::Io(io) => io,
            other => std::io::Error::other(format!("{other:?}")),
        }),
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &report::json_report(t, layer, rows))
                .map_err(std::io::Error::from)
                .and_then(|()| writeln!(out))
        }
    };
    written
        .and_then(|()| out.flush())
        .or_else(closed_pipe_is_done)
}

/// Writes a dossier and lists the files written on standard output.
fn write_dossier(t: &Territory, request: &dossier::Request) -> Result<(), String> {
    let started = std::time::Instant::now();
    let written = dossier::write(t, request)?;
    tracing::info!("dossier written in {:.0?}", started.elapsed());
    let list: Vec<String> = written
        .iter()
        .map(|p| format!("{}\n", p.display()))
        .collect();
    write_stdout(&list.concat())
}

/// Writes to standard output. A reader that stopped reading (`| head`) is
/// not an error: the command is done, quietly, as Unix tools do.
fn write_stdout(text: &str) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .or_else(closed_pipe_is_done)
}

fn closed_pipe_is_done(e: std::io::Error) -> Result<(), String> {
    match e.kind() {
        std::io::ErrorKind::BrokenPipe => Ok(()),
        _ => Err(e.to_string()),
    }
}

fn serve(
    source: &Source,
    bind: &str,
    options: crate::server::state::Options,
    progress: &Progress,
) -> Result<(), String> {
    use crate::server::startup::Application;
    use crate::server::state::AppState;
    let state = AppState::load(source.manifest.clone(), data_dir(source), options, progress)
        .map_err(|e| e.to_string())?;
    let runtime = actix_web::rt::System::new();
    runtime.block_on(async {
        let state = actix_web::web::Data::new(state);
        let app =
            Application::build(state, bind).map_err(|e| format!("{bind}: cannot listen: {e}"))?;
        eprintln!("zonage sert sur http://{bind} (port {})", app.port());
        app.run_until_stopped().await.map_err(|e| e.to_string())
    })
}

fn demo(out: Option<PathBuf>, progress: &Progress) -> Result<(), String> {
    let temp;
    let dir = match out {
        Some(dir) => dir,
        None => {
            temp = std::env::temp_dir().join(format!("zonage-demo-{}", std::process::id()));
            temp
        }
    };
    let params = SynthParams {
        communes: 400,
        seekers: 60_000,
        seed: 1,
    };
    let manifest = synth::write_territory(&params, &dir, progress).map_err(|e| e.to_string())?;
    let source = Source {
        manifest,
        data: None,
    };
    let territory = load(&source, progress)?;
    let manifest = source.manifest.display();
    write_stdout(&format!(
        "{}\nFichiers et manifeste\u{a0}: {}\nRapport complet\u{a0}: zonage report {manifest} --layer qpv\nService HTTP\u{a0}: zonage serve {manifest}\n",
        synth::demo_summary(&territory),
        dir.display()
    ))
}
