//! `planrapport webb [MAPP]`: a local web page for people who never open a
//! terminal. An HTTP server (axum on tokio) bound to 127.0.0.1 by default
//! serves one embedded page (HTML, CSS and a little plain JavaScript, no
//! external assets) and a small JSON API over the same pipeline as the
//! command line: uploaded files are checked and built in a temporary folder
//! of their own; a project folder is followed (a file watcher rebuilds on
//! save and tells the page by a server-sent event), and departments hand in
//! their workbooks through the page. Nothing is written outside the
//! project folder.
//!
//! Safety: on 127.0.0.1 the Host header must name this machine (a web page
//! elsewhere cannot reach the server through DNS rebinding) and a POST from
//! another origin is refused; on any other address an access code printed
//! at start is asked for by the page, and without it nothing is read or
//! written.

pub mod project;
pub mod work;

use std::convert::Infallible;
use std::hash::{BuildHasher as _, Hasher as _};
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Multipart, Path as UrlPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Serialize;
use tokio::sync::{broadcast, mpsc};

use crate::cli::ServeArgs;
use crate::diag::{Diagnostic, Diagnostics, Origin};
use crate::kinds::Kind;
use work::{MAX_FILES, MAX_UPLOAD, Refusal, Store, Upload};

const INDEX: &str = include_str!("page/index.html");

/// The page, its lists of document kinds filled in from the registered
/// kinds (`crate::kinds`), in their order.
static INDEX_PAGE: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| index_page(INDEX));

/// `page` with each kind list comment replaced by one line per kind.
fn index_page(page: &str) -> String {
    let kinds = crate::kinds::ALL.map(Kind::info);
    let lines = |f: &dyn Fn(&crate::kinds::Info) -> String| kinds.iter().map(|i| f(i)).collect::<String>();
    let lists = [
        (
            "          <!-- typer: en <option> per dokumenttyp, från planrapport -->\n",
            lines(&|i| format!("          <option value=\"{}\">{}</option>\n", i.name, i.title)),
        ),
        (
            "      <!-- mallar: en länk per dokumenttyp, från planrapport -->\n",
            lines(&|i| {
                format!(
                    "      <li><a class=\"knapp\" href=\"/api/mall/{}\" download>Mall: {}</a></li>\n",
                    i.name, i.web_labels.0
                )
            }),
        ),
        (
            "      <!-- projekt: en länk per dokumenttyp, från planrapport -->\n",
            lines(&|i| {
                format!(
                    "      <li><a class=\"knapp\" href=\"/api/nytt-projekt/{}\" download>Nytt projekt: {}</a></li>\n",
                    i.name, i.web_labels.1
                )
            }),
        ),
    ];
    lists.iter().fold(page.to_string(), |page, (comment, lines)| page.replace(comment, lines))
}
const STYLE: &str = include_str!("page/stil.css");
const SCRIPT: &str = include_str!("page/app.js");

/// The port tried first when none is given.
pub const DEFAULT_PORT: u16 = 8470;
/// The cookie that carries the access code.
const COOKIE: &str = "planrapport_kod";

/// A random token from the operating system's randomness (through the
/// standard library's hasher keys): ids of results, the access code.
pub fn random_token(len: usize) -> String {
    // No 0/O or 1/l/I: read aloud and typed by people.
    const ALPHABET: &[u8] = b"23456789abcdefghjkmnpqrstuvwxyz";
    let mut out = String::new();
    while out.len() < len {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_usize(out.len());
        let mut n = h.finish();
        for _ in 0..8 {
            if out.len() == len {
                break;
            }
            out.push(char::from(ALPHABET[usize::try_from(n % ALPHABET.len() as u64).unwrap_or(0)]));
            n /= ALPHABET.len() as u64;
        }
    }
    out
}

struct AppState {
    store: Store,
    /// The access code (serving beyond this machine).
    code: Option<String>,
    /// The port, for the Host check.
    port: u16,
    loopback: bool,
    project: Option<ProjectMode>,
}

struct ProjectMode {
    root: PathBuf,
    view: RwLock<Option<project::View>>,
    events: broadcast::Sender<u64>,
    rebuild: mpsc::UnboundedSender<Vec<PathBuf>>,
}

type Shared = Arc<AppState>;

/// A refusal as the page shows it.
fn refusal(status: StatusCode, fel: impl Into<String>, tips: impl Into<String>) -> Response {
    json(status, &Refusal::new(fel, tips))
}

/// A JSON response (`serde_json` directly: axum's `json` feature would
/// change `serde_json`'s features and so rebuild Typst in every warm cache).
fn json(status: StatusCode, value: &impl Serialize) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => (status, [(header::CONTENT_TYPE, "application/json")], body).into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, format!("internt fel: {e}")).into_response(),
    }
}

fn ok(value: &impl Serialize) -> Response {
    json(StatusCode::OK, value)
}

fn one(message: String, hint: &str) -> Diagnostics {
    crate::diag::one(Diagnostic::error(message, None).with_hint(hint))
}

/// Runs the server until the process is stopped.
///
/// # Errors
/// A folder that is not a folder, an address or port that cannot be used.
pub fn serve(args: &ServeArgs) -> Result<(), Diagnostics> {
    let root = match &args.dir {
        Some(dir) => {
            if !dir.is_dir() {
                return Err(crate::diag::one(
                    Diagnostic::error("mappen finns inte", Some(Origin::File(dir.clone())))
                        .with_hint("ange en projektmapp som finns, till exempel en som planrapport ny har skapat, eller utelämna MAPP"),
                ));
            }
            Some(std::fs::canonicalize(dir).map_err(|e| {
                crate::diag::one(Diagnostic::error(
                    format!("mappen kunde inte läsas: {e}"),
                    Some(Origin::File(dir.clone())),
                ))
            })?)
        }
        None => None,
    };
    crate::typeset::keep_warm();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| one(format!("servern kunde inte starta: {e}"), "försök igen"))?;
    let result = runtime.block_on(run(args, root));
    // A build still running when the page is closed gets a while to end
    // (and to remove its upload's folder).
    runtime.shutdown_timeout(std::time::Duration::from_secs(10));
    result
}

async fn bind(args: &ServeArgs) -> Result<tokio::net::TcpListener, Diagnostics> {
    let port = args.port.unwrap_or(DEFAULT_PORT);
    match tokio::net::TcpListener::bind(SocketAddr::new(args.address, port)).await {
        Ok(l) => Ok(l),
        // The default port is taken: any free one.
        Err(e) if args.port.is_none() && e.kind() == std::io::ErrorKind::AddrInUse => {
            tokio::net::TcpListener::bind(SocketAddr::new(args.address, 0)).await.map_err(|e| {
                one(format!("servern kunde inte lyssna på {}: {e}", args.address), "ange en annan adress med --adress")
            })
        }
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => Err(one(
            format!("porten {port} används redan"),
            "ange en annan port med --port, eller avsluta programmet som använder den",
        )),
        Err(e) => Err(one(
            format!("servern kunde inte lyssna på {}:{port}: {e}", args.address),
            "ange en adress som den här datorn har (standard 127.0.0.1) och en port över 1024",
        )),
    }
}

async fn run(args: &ServeArgs, root: Option<PathBuf>) -> Result<(), Diagnostics> {
    let listener = bind(args).await?;
    let local = listener.local_addr().map_err(|e| one(format!("servern kunde inte starta: {e}"), "försök igen"))?;
    let loopback = args.address.is_loopback();
    let code = (!loopback).then(|| random_token(8));
    let (events, _) = broadcast::channel(16);
    let (rebuild, rebuild_rx) = mpsc::unbounded_channel();
    let project = root.clone().map(|root| ProjectMode { root, view: RwLock::new(None), events, rebuild });
    let state: Shared =
        Arc::new(AppState { store: Store::default(), code: code.clone(), port: local.port(), loopback, project });
    // The watcher lives as long as the server.
    let _watcher = match &state.project {
        Some(p) => Some(watch_project(&state, p, rebuild_rx)?),
        None => None,
    };
    // 0.0.0.0 is no address to open: this machine's own is shown.
    let host = if loopback || args.address.is_unspecified() { IpAddr::from([127, 0, 0, 1]) } else { args.address };
    let url = format!("http://{}/", SocketAddr::new(host, local.port()));
    println!("planrapport visar webbsidan på {url}");
    if let Some(root) = &root {
        println!("Sidan följer projektmappen {}.", root.display());
    }
    match &code {
        Some(code) => println!(
            "Sidan nås från nätverket på port {}. Åtkomstkod: {code} (sidan frågar efter den; ge den bara till dem som ska använda sidan).",
            local.port()
        ),
        None => println!("Sidan nås bara från den här datorn."),
    }
    println!("Avsluta med Ctrl+C.");
    if !args.no_browser {
        open_browser(&url);
    }
    let served = tokio::select! {
        served = axum::serve(listener, router(Arc::clone(&state))) => served,
        () = stop_asked() => Ok(()),
    };
    // Uploaded files are people's data: their temporary folders go with the
    // documents built from them (the runtime, dropped after this, ends the
    // requests still holding one).
    state.store.clear();
    println!("Webbsidan är stängd; de uppladdade filerna är borttagna.");
    served.map_err(|e| one(format!("servern stannade: {e}"), "starta den igen"))
}

/// Ctrl+C, or (on Unix) the request to end that a service manager or
/// `kill` sends.
async fn stop_asked() {
    #[cfg(unix)]
    {
        let Ok(mut term) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) else {
            let _ = tokio::signal::ctrl_c().await;
            return;
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

fn router(state: Shared) -> Router {
    Router::new()
        .route("/", get(|| async { page(&INDEX_PAGE, "text/html; charset=utf-8") }))
        .route("/stil.css", get(|| async { page(STYLE, "text/css; charset=utf-8") }))
        .route("/app.js", get(|| async { page(SCRIPT, "text/javascript; charset=utf-8") }))
        .route("/api/lage", get(mode))
        .route("/api/kod", post(login))
        .route("/api/kontrollera", post(check))
        .route("/api/resultat/{id}/{fil}", get(download))
        .route("/api/resultat/{id}/sida/{n}", get(page_image))
        .route("/api/mall/{typ}", get(template))
        .route("/api/nytt-projekt/{typ}", get(new_project_zip))
        .route("/api/skapa-projekt/{typ}", post(create_project))
        .route("/api/projekt", get(project_view))
        .route("/api/handelser", get(events))
        .route("/api/lamna-in", post(hand_in))
        .fallback(|| async { refusal(StatusCode::NOT_FOUND, "sidan finns inte", "gå till startsidan, /") })
        .method_not_allowed_fallback(|| async {
            refusal(
                StatusCode::METHOD_NOT_ALLOWED,
                "sidan tar inte emot den sortens begäran",
                "använd knapparna på sidan",
            )
        })
        // Files are limited one by one while read; this bounds a request.
        .layer(DefaultBodyLimit::max(MAX_UPLOAD * 5))
        .layer(middleware::from_fn_with_state(Arc::clone(&state), guard))
        .with_state(state)
}

fn page(body: &'static str, kind: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "no-store"),
            (header::CONTENT_SECURITY_POLICY, "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        body,
    )
        .into_response()
}

/// Opens the page in the user's browser, when there is one to open.
fn open_browser(url: &str) {
    #[cfg(target_os = "windows")]
    let command = Some(("cmd", vec!["/C", "start", "", url]));
    #[cfg(target_os = "macos")]
    let command = Some(("open", vec![url]));
    #[cfg(not(any(target_os = "windows", target_os = "macos")))]
    let command = (std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some())
        .then(|| ("xdg-open", vec![url]));
    if let Some((program, args)) = command {
        let spawned = std::process::Command::new(program)
            .args(args)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
        if spawned.is_err() {
            println!("Öppna adressen ovan i webbläsaren.");
        }
    } else {
        println!("Öppna adressen ovan i webbläsaren.");
    }
}

fn cookie_code(headers: &HeaderMap) -> Option<String> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|c| {
        let (k, v) = c.trim().split_once('=')?;
        (k == COOKIE).then(|| v.to_string())
    })
}

/// Compares without stopping at the first difference.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn authorised(state: &AppState, headers: &HeaderMap) -> bool {
    let Some(code) = &state.code else { return true };
    let given =
        headers.get("x-atkomstkod").and_then(|v| v.to_str().ok()).map(str::to_string).or_else(|| cookie_code(headers));
    given.is_some_and(|g| same(g.trim(), code))
}

/// Every request: the Host check on this machine, no cross-origin POST,
/// and the access code for the API when serving the network.
async fn guard(State(state): State<Shared>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
    if state.loopback {
        let port = state.port;
        let allowed = [format!("127.0.0.1:{port}"), format!("localhost:{port}"), format!("[::1]:{port}")];
        if !allowed.iter().any(|a| a.eq_ignore_ascii_case(host)) {
            return refusal(
                StatusCode::FORBIDDEN,
                format!("adressen \"{}\" hör inte till den här servern", crate::diag::visible(host)),
                format!("öppna http://127.0.0.1:{port}/ i webbläsaren"),
            );
        }
    }
    if request.method() == Method::POST
        && let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok())
        && origin.split_once("://").map(|(_, h)| h) != Some(host)
    {
        return refusal(
            StatusCode::FORBIDDEN,
            "begäran kommer från en annan webbplats och tas inte emot",
            "använd planrapports egen sida",
        );
    }
    let path = request.uri().path();
    if path.starts_with("/api/") && path != "/api/lage" && path != "/api/kod" && !authorised(&state, headers) {
        return refusal(
            StatusCode::UNAUTHORIZED,
            "åtkomstkod saknas eller är fel; inget lästes eller skrevs",
            "ange åtkomstkoden som planrapport skrev ut när servern startade",
        );
    }
    next.run(request).await
}

#[derive(Serialize)]
struct Mode {
    projekt: bool,
    kod_kravs: bool,
    inloggad: bool,
    gransar: GranserView,
}

#[derive(Serialize)]
struct GranserView {
    fil_mb: usize,
    filer: usize,
}

async fn mode(State(state): State<Shared>, headers: HeaderMap) -> Response {
    ok(&Mode {
        projekt: state.project.is_some() && authorised(&state, &headers),
        kod_kravs: state.code.is_some(),
        inloggad: authorised(&state, &headers),
        gransar: GranserView { fil_mb: MAX_UPLOAD / (1024 * 1024), filer: MAX_FILES },
    })
}

#[derive(serde::Deserialize)]
struct Login {
    kod: String,
}

async fn login(State(state): State<Shared>, body: axum::body::Bytes) -> Response {
    let Ok(login) = serde_json::from_slice::<Login>(&body) else {
        return refusal(
            StatusCode::BAD_REQUEST,
            "åtkomstkoden kunde inte läsas",
            "skriv koden i fältet Åtkomstkod och välj Fortsätt",
        );
    };
    let Some(code) = &state.code else {
        return ok(&serde_json::json!({ "meddelande": "ingen åtkomstkod behövs" }));
    };
    if !same(login.kod.trim(), code) {
        // Slows down guessing.
        tokio::time::sleep(Duration::from_secs(1)).await;
        return refusal(
            StatusCode::UNAUTHORIZED,
            "fel åtkomstkod",
            "skriv koden som planrapport skrev ut när servern startade (åtta tecken)",
        );
    }
    let cookie = format!("{COOKIE}={code}; Path=/; HttpOnly; SameSite=Strict");
    let mut response = ok(&serde_json::json!({ "meddelande": "åtkomstkoden stämmer" }));
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    response
}

/// Reads the uploaded files, each at most [`MAX_UPLOAD`] bytes.
/// The form, or why it is not one.
type Form = Result<Multipart, axum::extract::multipart::MultipartRejection>;

fn not_a_form() -> Response {
    refusal(
        StatusCode::BAD_REQUEST,
        "begäran innehåller inga filer (inget formulär med filer)",
        "välj filerna på sidan; de skickas som ett formulär (multipart/form-data)",
    )
}

async fn uploads(mut multipart: Multipart, max_files: usize) -> Result<(Vec<Upload>, Vec<(String, String)>), Response> {
    let mut files = Vec::new();
    let mut fields = Vec::new();
    let broken = |e: axum::extract::multipart::MultipartError| {
        let too_large = e.status() == StatusCode::PAYLOAD_TOO_LARGE;
        if too_large {
            refusal(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("uppladdningen är större än {} MB sammanlagt", MAX_UPLOAD * 5 / (1024 * 1024)),
                "ladda upp färre filer åt gången",
            )
        } else {
            refusal(
                StatusCode::BAD_REQUEST,
                "uppladdningen kunde inte läsas",
                "välj filerna igen och försök en gång till",
            )
        }
    };
    while let Some(mut field) = multipart.next_field().await.map_err(broken)? {
        let Some(name) = field.file_name().map(str::to_string) else {
            let key = field.name().unwrap_or("").to_string();
            let mut value = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(broken)? {
                if value.len() + chunk.len() > 1000 {
                    return Err(refusal(StatusCode::BAD_REQUEST, "ett formulärfält är för långt", "välj filerna igen"));
                }
                value.extend_from_slice(&chunk);
            }
            fields.push((key, String::from_utf8_lossy(&value).into_owned()));
            continue;
        };
        if name.is_empty() {
            continue;
        }
        let name = work::sanitise(&name).map_err(|r| json(StatusCode::BAD_REQUEST, &r))?;
        if files.len() == max_files {
            return Err(refusal(
                StatusCode::BAD_REQUEST,
                format!("fler än {max_files} filer på en gång"),
                "ladda upp färre filer åt gången",
            ));
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(broken)? {
            if bytes.len() + chunk.len() > MAX_UPLOAD {
                return Err(refusal(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    format!("\"{name}\" är större än {} MB och tas inte emot", MAX_UPLOAD / (1024 * 1024)),
                    "kontrollera att det är rätt fil; ta bort bilder och blad som inte hör till dokumentet",
                ));
            }
            bytes.extend_from_slice(&chunk);
        }
        files.push(Upload { name, bytes });
    }
    Ok((files, fields))
}

fn internal(e: &tokio::task::JoinError) -> Response {
    refusal(
        StatusCode::INTERNAL_SERVER_ERROR,
        format!("internt fel i planrapport ({e})"),
        "det här är ett fel i programmet, inte i dina filer; rapportera det, med filerna, till den som förvaltar planrapport hos er",
    )
}

async fn check(State(state): State<Shared>, form: Form) -> Response {
    let Ok(multipart) = form else { return not_a_form() };
    let (files, _) = match uploads(multipart, MAX_FILES).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    if files.is_empty() {
        return refusal(
            StatusCode::BAD_REQUEST,
            "inga filer valdes",
            "välj en eller flera filer: .xlsx, .ods eller .toml",
        );
    }
    let worker = Arc::clone(&state);
    match tokio::task::spawn_blocking(move || work::check_uploads(&files, &worker.store)).await {
        Ok(Ok(outcomes)) => ok(&serde_json::json!({ "dokument": outcomes })),
        Ok(Err(r)) => json(StatusCode::BAD_REQUEST, &r),
        Err(e) => internal(&e),
    }
}

fn attachment(bytes: Vec<u8>, name: &str, kind: &'static str) -> Response {
    // An ASCII name for old browsers, the real one (UTF-8) for the others.
    let ascii: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || ".-_".contains(c) { c } else { '_' }).collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b".-_".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let disposition = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}");
    let mut response = Response::new(Body::from(bytes));
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const GONE: &str = "öppna dokumentet igen (välj filen på nytt); sidan minns bara de senaste dokumenten";

async fn download(State(state): State<Shared>, UrlPath((id, file)): UrlPath<(String, String)>) -> Response {
    let Some(built) = state.store.get(&id) else {
        return refusal(StatusCode::NOT_FOUND, "dokumentet finns inte längre", GONE);
    };
    match file.as_str() {
        "pdf" => attachment(built.pdf.clone(), &format!("{}.pdf", built.stem), "application/pdf"),
        "xlsx" => match &built.xlsx {
            Some(x) => attachment(x.clone(), &format!("{}.xlsx", built.stem), XLSX),
            None => refusal(StatusCode::NOT_FOUND, "bildspel har ingen arbetsbok", "ladda ner PDF:en"),
        },
        "bildspel" if built.is_deck() => {
            attachment(built.pdf.clone(), &format!("{}.pdf", built.stem), "application/pdf")
        }
        "bildspel" => {
            let worker = Arc::clone(&built);
            match tokio::task::spawn_blocking(move || worker.deck().map(<[u8]>::to_vec)).await {
                Ok(Ok(bytes)) => attachment(bytes, &format!("{}-bildspel.pdf", built.stem), "application/pdf"),
                Ok(Err(text)) => refusal(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    format!("bildspelet kunde inte göras:\n{text}"),
                    "rätta det som anges och försök igen",
                ),
                Err(e) => internal(&e),
            }
        }
        _ => refusal(StatusCode::NOT_FOUND, "filen finns inte", "använd knapparna på sidan"),
    }
}

async fn page_image(State(state): State<Shared>, UrlPath((id, n)): UrlPath<(String, String)>) -> Response {
    let Some(n) = n.parse::<usize>().ok().filter(|n| *n > 0) else {
        return refusal(StatusCode::NOT_FOUND, "sidan finns inte", "sidorna numreras från 1");
    };
    let Some(built) = state.store.get(&id) else {
        return refusal(StatusCode::NOT_FOUND, "dokumentet finns inte längre", GONE);
    };
    let worker = Arc::clone(&built);
    match tokio::task::spawn_blocking(move || crate::typeset::page_png(&worker.pages, n.wrapping_sub(1), 1.5)).await {
        Ok(Some(png)) => {
            ([(header::CONTENT_TYPE, "image/png"), (header::CACHE_CONTROL, "max-age=600")], png).into_response()
        }
        Ok(None) => refusal(StatusCode::NOT_FOUND, format!("sidan {n} finns inte"), "dokumentet har färre sidor"),
        Err(e) => internal(&e),
    }
}

fn kind_arg(word: &str) -> Option<Kind> {
    crate::kinds::ALL.into_iter().find(|k| k.info().name == word)
}

/// "välj plan, uppfoljning, … eller presentation": the registered kinds.
fn kinds_hint() -> String {
    let names = crate::kinds::ALL.map(|k| k.info().name);
    let (last, rest) = names.split_last().expect("kinds are registered");
    format!("välj {} eller {last}", rest.join(", "))
}

fn unknown_kind(word: &str) -> Response {
    refusal(StatusCode::NOT_FOUND, format!("okänd dokumenttyp \"{}\"", crate::diag::visible(word)), kinds_hint())
}

async fn template(UrlPath(kind): UrlPath<String>) -> Response {
    let Some(kind) = kind_arg(&kind) else { return unknown_kind(&kind) };
    let name = format!("{}-mall.xlsx", crate::project::stem(kind));
    match crate::project::template_bytes(kind, std::path::Path::new(&name)) {
        Ok(bytes) => attachment(bytes, &name, XLSX),
        Err(d) => refusal(
            StatusCode::INTERNAL_SERVER_ERROR,
            d.items.iter().map(ToString::to_string).collect::<String>(),
            "försök igen",
        ),
    }
}

/// A new project (what `ny` writes) as a zip file to unpack.
async fn new_project_zip(UrlPath(kind): UrlPath<String>) -> Response {
    let Some(kind) = kind_arg(&kind) else { return unknown_kind(&kind) };
    let stem = crate::project::stem(kind);
    let files = match crate::project::project_files(kind, std::path::Path::new(stem)) {
        Ok(f) => f,
        Err(d) => {
            return refusal(
                StatusCode::INTERNAL_SERVER_ERROR,
                d.items.iter().map(ToString::to_string).collect::<String>(),
                "försök igen",
            );
        }
    };
    match zip_files(&files) {
        Ok(bytes) => attachment(bytes, &format!("{stem}-projekt.zip"), "application/zip"),
        Err(e) => {
            refusal(StatusCode::INTERNAL_SERVER_ERROR, format!("zip-filen kunde inte skapas: {e}"), "försök igen")
        }
    }
}

fn zip_files(files: &[(PathBuf, Vec<u8>)]) -> zip::result::ZipResult<Vec<u8>> {
    use std::io::Write as _;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    // A fixed time: the same project, byte for byte.
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for (path, bytes) in files {
        zip.start_file(path.to_string_lossy().replace('\\', "/"), options)?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

/// `ny` in the followed folder, when it is empty.
async fn create_project(State(state): State<Shared>, UrlPath(kind): UrlPath<String>) -> Response {
    let Some(kind) = kind_arg(&kind) else { return unknown_kind(&kind) };
    let Some(p) = &state.project else {
        return refusal(
            StatusCode::NOT_FOUND,
            "ingen projektmapp är öppen",
            "ladda ner det nya projektet som zip-fil, eller starta planrapport webb MAPP med en tom mapp",
        );
    };
    let root = p.root.clone();
    match tokio::task::spawn_blocking(move || crate::project::new_project(kind, &root, crate::output::Existing::Refuse))
        .await
    {
        Ok(Ok(written)) => {
            let _ = p.rebuild.send(written.clone());
            let names: Vec<String> =
                written.iter().filter_map(|w| w.file_name()).map(|n| n.to_string_lossy().into_owned()).collect();
            ok(&serde_json::json!({ "meddelande": format!("projektet skapades: {}", names.join(", ")) }))
        }
        Ok(Err(d)) => {
            let first = d.items.first().cloned();
            refusal(
                StatusCode::CONFLICT,
                first.as_ref().map_or_else(String::new, |d| d.message.clone()),
                first.and_then(|d| d.hint).unwrap_or_default().replace("ange --skriv-over", "starta med en tom mapp"),
            )
        }
        Err(e) => internal(&e),
    }
}

async fn project_view(State(state): State<Shared>) -> Response {
    let Some(p) = &state.project else {
        return refusal(
            StatusCode::NOT_FOUND,
            "ingen projektmapp är öppen",
            "starta planrapport webb MAPP för att följa en projektmapp",
        );
    };
    let view = p.view.read().unwrap_or_else(PoisonError::into_inner).clone();
    match view {
        Some(v) => ok(&v),
        None => ok(&serde_json::json!({ "version": 0, "bygger": true })),
    }
}

async fn events(State(state): State<Shared>) -> Response {
    let Some(p) = &state.project else {
        return refusal(
            StatusCode::NOT_FOUND,
            "ingen projektmapp är öppen",
            "starta planrapport webb MAPP för att följa en projektmapp",
        );
    };
    let rx = p.events.subscribe();
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(version) => {
                    return Some((Ok::<_, Infallible>(Event::default().event("bygge").data(version.to_string())), rx));
                }
                Err(broadcast::error::RecvError::Lagged(_)) => {}
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::default()).into_response()
}

async fn hand_in(State(state): State<Shared>, form: Form) -> Response {
    let Ok(multipart) = form else { return not_a_form() };
    let Some(p) = &state.project else {
        return refusal(
            StatusCode::NOT_FOUND,
            "inlämning finns bara när sidan följer en projektmapp",
            "starta planrapport webb MAPP med projektets mapp",
        );
    };
    let (mut files, fields) = match uploads(multipart, 1).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let Some(upload) = files.pop() else {
        return refusal(
            StatusCode::BAD_REQUEST,
            "ingen fil valdes",
            "välj avdelningens eller enhetens arbetsbok (.xlsx eller .ods)",
        );
    };
    let confirm = fields.iter().any(|(k, v)| k == "bekrafta" && v == "ja");
    // A follow-up's unit, chosen on the page.
    let unit = fields.iter().find(|(k, _)| k == "enhet").map(|(_, v)| v.clone());
    let root = p.root.clone();
    match tokio::task::spawn_blocking(move || project::hand_in(&root, &upload, unit.as_deref(), confirm)).await {
        Ok(Ok(stored)) => {
            let _ = p.rebuild.send(vec![p.root.join(&stored.fil)]);
            ok(&stored)
        }
        Ok(Err(not)) => {
            let status = match &not {
                project::NotStored::Refused(_) => StatusCode::BAD_REQUEST,
                project::NotStored::Problems { .. } => StatusCode::UNPROCESSABLE_ENTITY,
                project::NotStored::Confirm { .. } => StatusCode::CONFLICT,
            };
            json(status, &not)
        }
        Err(e) => internal(&e),
    }
}

/// Whether a changed path can change the document: not planrapport's own
/// files, Excel's lock files or hidden files, nor what is written to output/.
pub fn relevant(path: &std::path::Path, ignore: &[PathBuf]) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name.starts_with('.')
        || name.starts_with("~$")
        || name.ends_with('~')
        || ignore.iter().any(|i| path.starts_with(i))
    {
        return false;
    }
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_lowercase();
    ["toml", "xlsx", "xlsm", "ods", "png", "jpg", "jpeg", "svg", "gif", "webp", "j2", "typ"].contains(&ext.as_str())
}

/// Watches the project folder; each change (settled for 200 ms) rebuilds
/// the project and tells the pages.
fn watch_project(
    state: &Shared,
    p: &ProjectMode,
    mut requests: mpsc::UnboundedReceiver<Vec<PathBuf>>,
) -> Result<notify::RecommendedWatcher, Diagnostics> {
    use notify::Watcher as _;
    let tx = p.rebuild.clone();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event
            && !matches!(event.kind, notify::EventKind::Access(_))
        {
            let _ = tx.send(event.paths);
        }
    })
    .map_err(|e| one(format!("projektmappen kan inte bevakas: {e}"), "kontrollera att mappen går att läsa"))?;
    watcher
        .watch(&p.root, notify::RecursiveMode::Recursive)
        .map_err(|e| one(format!("projektmappen kan inte bevakas: {e}"), "kontrollera att mappen går att läsa"))?;
    let state = Arc::clone(state);
    // The first build, then one per settled change.
    let _ = p.rebuild.send(Vec::new());
    tokio::spawn(async move {
        let Some(p) = &state.project else { return };
        let ignore = vec![p.root.join("output")];
        let mut version = 0;
        let mut first = true;
        while let Some(paths) = requests.recv().await {
            let mut changed = paths;
            // Settle: saving a workbook is several events.
            loop {
                tokio::time::sleep(Duration::from_millis(200)).await;
                let mut more = false;
                while let Ok(paths) = requests.try_recv() {
                    changed.extend(paths);
                    more = true;
                }
                if !more {
                    break;
                }
            }
            let mut shown: Vec<String> = changed
                .iter()
                .filter(|c| relevant(c, &ignore))
                .map(|c| c.strip_prefix(&p.root).unwrap_or(c).display().to_string())
                .collect();
            shown.sort();
            shown.dedup();
            if shown.is_empty() && !first && !changed.is_empty() {
                continue;
            }
            first = false;
            version += 1;
            let worker = Arc::clone(&state);
            let root = p.root.clone();
            let built =
                tokio::task::spawn_blocking(move || project::rebuild(&root, &worker.store, version, shown)).await;
            if let Ok(view) = built {
                *p.view.write().unwrap_or_else(PoisonError::into_inner) = Some(view);
                let _ = p.events.send(version);
            }
        }
    });
    Ok(watcher)
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::{INDEX, index_page, kinds_hint, random_token, relevant, same};

    #[test]
    fn an_unknown_kind_is_answered_with_the_registered_ones() {
        assert_eq!(kinds_hint(), "välj plan, uppfoljning, delarsrapport eller presentation");
    }

    #[test]
    fn the_page_lists_every_registered_kind_once_in_each_list() {
        let page = index_page(INDEX);
        assert!(!page.contains("från planrapport -->"), "a list was not filled in");
        for kind in crate::kinds::ALL {
            let name = kind.info().name;
            for needle in [
                format!("<option value=\"{name}\">"),
                format!("/api/mall/{name}\""),
                format!("/api/nytt-projekt/{name}\""),
            ] {
                assert_eq!(page.matches(&needle).count(), 1, "{needle}");
            }
        }
    }

    #[test]
    fn tokens_are_random_and_readable() {
        let (a, b) = (random_token(8), random_token(8));
        assert_eq!(a.len(), 8);
        assert_ne!(a, b);
        assert!(a.chars().all(|c| c.is_ascii_alphanumeric() && !"01lIoO".contains(c)), "{a}");
        assert_eq!(random_token(30).len(), 30);
    }

    #[test]
    fn only_changes_that_can_change_the_document_count() {
        let ignore = [PathBuf::from("/p/output")];
        assert!(relevant(Path::new("/p/plan.toml"), &ignore));
        assert!(relevant(Path::new("/p/avdelningar/Förskola.XLSX"), &ignore));
        for not in
            ["/p/output/plan.pdf", "/p/~$plan.xlsx", "/p/.planrapport.lock", "/p/plan.toml~", "/p/anteckning.txt"]
        {
            assert!(!relevant(Path::new(not), &ignore), "{not}");
        }
    }

    #[test]
    fn codes_compare_whole() {
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd") && !same("abc", "ab") && !same("", "a"));
    }
}
