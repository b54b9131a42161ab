//! `GET /api/legend/{layer}/{indicator}?method=&classes=`: classes, colours
//! and zones per class, with a separate class for secret values.

use super::{indicator, zone_layer};
use crate::legend::Method;
use crate::server::error::ApiError;
use crate::server::openapi::ErrorBody;
use crate::server::state::AppState;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use serde_json::json;

/// Query of the legend route.
#[derive(Deserialize)]
pub struct LegendQuery {
    method: Option<String>,
    classes: Option<String>,
}

/// Parses the classification method.
pub fn method(raw: Option<&str>) -> Result<Method, ApiError> {
    match raw.unwrap_or("quantiles") {
        "quantiles" => Ok(Method::Quantiles),
        "jenks" => Ok(Method::Jenks),
        "equal_intervals" => Ok(Method::EqualIntervals),
        other => Err(ApiError::bad(
            "method",
            format!("«\u{a0}{other}\u{a0}»\u{a0}: quantiles, jenks ou equal_intervals"),
        )),
    }
}

/// Parses the number of classes: 2 to 9, 5 by default.
pub fn classes(raw: Option<&str>) -> Result<usize, ApiError> {
    match raw {
        None => Ok(5),
        Some(raw) => raw
            .parse::<usize>()
            .ok()
            .filter(|k| (2..=9).contains(k))
            .ok_or_else(|| ApiError::bad("classes", "un entier de 2 à 9")),
    }
}

/// The legend of an indicator over a layer.
#[utoipa::path(get, path = "/api/legend/{layer}/{indicator}", tag = "cartes", params(("layer" = String, Path, description = "Couche de zones"), ("indicator" = String, Path, description = "Indicateur"), ("method" = Option<String>, Query, description = "quantiles, jenks, equal_intervals"), ("classes" = Option<usize>, Query, description = "2 à 9")), responses((status = 200, description = "Classes, couleurs, effectifs, classe secret", body = crate::server::schemas::LegendAnswer, content_type = "application/json"), (status = 400, description = "Paramètre invalide", body = ErrorBody, content_type = "application/json"), (status = 404, description = "Couche, indicateur ou zone inconnus (avec les valeurs valides)", body = ErrorBody, content_type = "application/json")))]
pub async fn legend(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    query: web::Query<LegendQuery>,
) -> Result<HttpResponse, ApiError> {
    let loaded = state.current();
    let t = &loaded.territory;
    let (z, _) = zone_layer(t, &path.0)?;
    let wanted = indicator(t, &path.1)?;
    let (id, info) = (wanted.id(), wanted.spec);
    let method = method(query.method.as_deref())?;
    let classes = classes(query.classes.as_deref())?;
    let legend = loaded.legend(z, id, method, classes);
    Ok(HttpResponse::Ok().json(json!({
        "layer": path.0, "indicator": id, "label": info.label, "unit": info.unit, "source": info.source,
        "legend": *legend, "secret_label": "secret statistique", "missing_label": "non disponible",
    })))
}
