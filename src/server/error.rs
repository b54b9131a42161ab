//! The API's errors: every one is JSON `{"error": code, "message": French
//! sentence}` with a 4xx status; unknown names come with the valid ones.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde_json::json;
use std::fmt;

/// Everything a request can get wrong.
#[derive(Debug)]
pub enum ApiError {
    /// No zone or point layer of that id.
    UnknownLayer { layer: String, valid: Vec<String> },
    /// No indicator of that id.
    UnknownIndicator {
        indicator: String,
        valid: Vec<String>,
    },
    /// No zone of that code in the layer (`valid`: codes that look alike).
    UnknownZone {
        layer: String,
        code: String,
        valid: Vec<String>,
    },
    /// A layer of personal data: never served.
    PrivateLayer(String),
    /// No file of that name in the embedded application.
    UnknownFile(String),
    /// A query parameter that cannot be used.
    BadParameter { name: String, message: String },
    /// A request body over a limit (the message names it).
    TooLarge(String),
    /// Missing or wrong bearer token.
    Unauthorized,
    /// Reloading is not configured (no token set).
    ReloadDisabled,
    /// The manifest could not be reloaded; the old data are still served.
    ReloadFailed(String),
}

impl ApiError {
    /// A bad query parameter.
    pub fn bad(name: &str, message: impl Into<String>) -> ApiError {
        ApiError::BadParameter {
            name: name.into(),
            message: message.into(),
        }
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
            ApiError::UnknownLayer { layer, valid } => write!(f, "Couche inconnue « {layer} ». Couches disponibles : {}.", valid.join(", ")),
            ApiError::UnknownIndicator { indicator, valid } => write!(f, "Indicateur inconnu « {indicator} ». Indicateurs disponibles : {}.", valid.join(", ")),
            ApiError::UnknownZone { layer, code, valid } if valid.is_empty() => write!(f, "Aucune zone « {code} » dans la couche « {layer} »."),
            ApiError::UnknownZone { layer, code, valid } => write!(f, "Aucune zone « {code} » dans la couche « {layer} ». Codes proches : {}.", valid.join(", ")),
            ApiError::PrivateLayer(layer) => write!(f, "La couche « {layer} » contient des données personnelles : elle n'est jamais diffusée."),
            ApiError::UnknownFile(file) => write!(f, "Aucun fichier « {file} » dans l'application."),
            ApiError::BadParameter { name, message } => write!(f, "Paramètre « {name} » invalide : {message}."),
            ApiError::TooLarge(limit) => write!(f, "Requête trop volumineuse : {limit}."),
            ApiError::Unauthorized => write!(f, "Jeton d'administration absent ou invalide (en-tête Authorization: Bearer …)."),
            ApiError::ReloadDisabled => write!(f, "Le rechargement est désactivé : définissez ZONAGE_ADMIN_TOKEN au démarrage du service."),
            ApiError::ReloadFailed(e) => write!(f, "Le rechargement a échoué, les données précédentes restent servies : {e}"),
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
        }
    }

    fn error_response(&self) -> HttpResponse {
        let mut body = json!({ "error": self.code(), "message": self.to_string() });
        if let Some(valid) = self.valid() {
            body["valid"] = json!(valid);
        }
        HttpResponse::build(self.status_code()).json(body)
    }
}
