//! The API's errors: every one is JSON `{"error": code, "message": French
//! sentence}`; unknown names come with the valid ones.
//!
//! Every variant but [`ApiError::Internal`] is the client's doing and answers
//! 4xx (or 503 when the server is busy). `Internal` is the server's own fault
//! (a blocking task that panicked, an encoding that failed): it answers 500
//! with an error id and logs the details under that id, never sending them.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde_json::json;
use std::fmt;

/// Everything a request can get wrong.
#[derive(Debug)]
pub enum ApiError {
    /// No zone or point layer of that id.
    UnknownLayer {
        /// The id asked for.
        layer: String,
        /// The layers there are.
        valid: Vec<String>,
    },
    /// No indicator of that id.
    UnknownIndicator {
        /// The id asked for.
        indicator: String,
        /// The indicators there are.
        valid: Vec<String>,
    },
    /// No zone of that code in the layer.
    UnknownZone {
        /// The layer.
        layer: String,
        /// The code asked for.
        code: String,
        /// Codes that look alike.
        valid: Vec<String>,
    },
    /// A layer of personal data: never served.
    PrivateLayer(String),
    /// No file of that name in the embedded application.
    UnknownFile(String),
    /// A query parameter that cannot be used.
    BadParameter {
        /// The parameter.
        name: String,
        /// What is wrong with it, in French.
        message: String,
    },
    /// A request body over a limit (the message names it).
    TooLarge(String),
    /// Missing or wrong bearer token.
    Unauthorized,
    /// Reloading is not configured (no token set).
    ReloadDisabled,
    /// The manifest could not be reloaded; the old data are still served.
    ReloadFailed(String),
    /// The body did not arrive in time (seconds allowed).
    Timeout(u64),
    /// A `Content-Encoding` the server does not decode.
    UnsupportedEncoding(String),
    /// Too many uploads in progress: try again shortly.
    Busy,
    /// No route at that path.
    UnknownPath(String),
    /// The path exists, not with that method (`Allow` lists those it has).
    MethodNotAllowed(Vec<&'static str>),
    /// The server's own fault: logged with this id, never detailed to the client.
    Internal(String),
}

impl ApiError {
    /// A bad query parameter.
    pub fn bad(name: &str, message: impl Into<String>) -> ApiError {
        ApiError::BadParameter {
            name: name.into(),
            message: message.into(),
        }
    }

    /// The server's own fault: logs `error` under a new id and answers 500.
    pub fn internal(error: impl fmt::Display) -> ApiError {
        use std::sync::atomic::{AtomicU64, Ordering};
        static NEXT: AtomicU64 = AtomicU64::new(1);
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let id = format!("{seconds:x}-{}", NEXT.fetch_add(1, Ordering::Relaxed));
        tracing::error!(error_id = %id, "internal error: {error}");
        ApiError::Internal(id)
    }

    fn code(&self) -> &'static str {
        match self {
            ApiError::UnknownLayer { .. } => "unknown_layer",
            ApiError::UnknownIndicator { .. } => "unknown_indicator",
            ApiError::UnknownZone { .. } => "unknown_zone",
            ApiError::PrivateLayer(_) => "private_layer",
            ApiError::UnknownFile(_) => "unknown_file",
            ApiError::BadParameter { .. } => "bad_parameter",
            ApiError::TooLarge(_) => "too_large",
            ApiError::Unauthorized => "unauthorized",
            ApiError::ReloadDisabled => "reload_disabled",
            ApiError::ReloadFailed(_) => "reload_failed",
            ApiError::Timeout(_) => "timeout",
            ApiError::UnsupportedEncoding(_) => "unsupported_encoding",
            ApiError::Busy => "busy",
            ApiError::UnknownPath(_) => "unknown_path",
            ApiError::MethodNotAllowed(_) => "method_not_allowed",
            ApiError::Internal(_) => "internal",
        }
    }

    fn valid(&self) -> Option<&[String]> {
        match self {
            ApiError::UnknownLayer { valid, .. }
            | ApiError::UnknownIndicator { valid, .. }
            | ApiError::UnknownZone { valid, .. } => Some(valid),
            _ => None,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::UnknownLayer { layer, valid } => write!(f, "Couche inconnue «\u{a0}{layer}\u{a0}». Couches disponibles\u{a0}: {}.", valid.join(", ")),
            ApiError::UnknownIndicator { indicator, valid } => write!(f, "Indicateur inconnu «\u{a0}{indicator}\u{a0}». Indicateurs disponibles\u{a0}: {}.", valid.join(", ")),
            ApiError::UnknownZone { layer, code, valid } if valid.is_empty() => write!(f, "Aucune zone «\u{a0}{code}\u{a0}» dans la couche «\u{a0}{layer}\u{a0}»."),
            ApiError::UnknownZone { layer, code, valid } => write!(f, "Aucune zone «\u{a0}{code}\u{a0}» dans la couche «\u{a0}{layer}\u{a0}». Codes proches\u{a0}: {}.", valid.join(", ")),
            ApiError::PrivateLayer(layer) => write!(f, "La couche «\u{a0}{layer}\u{a0}» contient des données personnelles\u{a0}: elle n’est jamais diffusée."),
            ApiError::UnknownFile(file) => write!(f, "Aucun fichier «\u{a0}{file}\u{a0}» dans l’application."),
            ApiError::BadParameter { name, message } => write!(f, "Paramètre «\u{a0}{name}\u{a0}» invalide\u{a0}: {message}."),
            ApiError::TooLarge(limit) => write!(f, "Requête trop volumineuse\u{a0}: {limit}."),
            ApiError::Unauthorized => write!(f, "Jeton d’administration absent ou invalide (en-tête Authorization: Bearer …)."),
            ApiError::ReloadDisabled => write!(f, "Le rechargement est désactivé\u{a0}: définissez ZONAGE_ADMIN_TOKEN au démarrage du service."),
            ApiError::ReloadFailed(e) => write!(f, "Le rechargement a échoué, les données précédentes restent servies\u{a0}: {e}"),
            ApiError::Timeout(s) => write!(f, "Corps de la requête non reçu en entier dans le délai de {s}\u{a0}s."),
            ApiError::UnsupportedEncoding(e) => write!(f, "Content-Encoding «\u{a0}{e}\u{a0}» non pris en charge\u{a0}: gzip, deflate ou aucun."),
            ApiError::Busy => write!(f, "Trop de lots en cours de traitement\u{a0}: réessayez dans quelques secondes."),
            ApiError::UnknownPath(p) => write!(f, "Aucune ressource à l’adresse «\u{a0}{p}\u{a0}». La liste des routes est dans /api/openapi.json."),
            ApiError::MethodNotAllowed(allow) => write!(f, "Méthode non permise sur cette adresse\u{a0}: {}.", allow.join(", ")),
            ApiError::Internal(id) => write!(f, "Erreur interne du service (identifiant {id}), consignée dans son journal."),
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::UnknownLayer { .. }
            | ApiError::UnknownIndicator { .. }
            | ApiError::UnknownZone { .. }
            | ApiError::UnknownFile(_) => StatusCode::NOT_FOUND,
            ApiError::PrivateLayer(_) => StatusCode::FORBIDDEN,
            ApiError::BadParameter { .. } => StatusCode::BAD_REQUEST,
            ApiError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::ReloadDisabled => StatusCode::FORBIDDEN,
            ApiError::ReloadFailed(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Timeout(_) => StatusCode::REQUEST_TIMEOUT,
            ApiError::UnsupportedEncoding(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::UnknownPath(_) => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let mut body = json!({ "error": self.code(), "message": self.to_string() });
        if let Some(valid) = self.valid() {
            body["valid"] = json!(valid);
        }
        let mut response = HttpResponse::build(self.status_code());
        match self {
            ApiError::Busy => {
                response.insert_header((actix_web::http::header::RETRY_AFTER, "5"));
            }
            ApiError::MethodNotAllowed(allow) => {
                response.insert_header((actix_web::http::header::ALLOW, allow.join(", ")));
            }
            _ => {}
        }
        // The rest of the body is not read: close, rather than keep a
        // connection (and its buffers) that cannot be reused.
        if matches!(
            self,
            ApiError::Busy
                | ApiError::Timeout(_)
                | ApiError::TooLarge(_)
                | ApiError::UnsupportedEncoding(_)
        ) {
            response.force_close();
        }
        if let ApiError::Internal(id) = self {
            body["error_id"] = json!(id);
        }
        response.json(body)
    }
}
