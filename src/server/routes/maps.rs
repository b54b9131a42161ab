//! `GET /api/map/{layer}.png` and `.svg`: static maps for slides, with
//! title, legend, scale bar and source line. Same request, same bytes.

use super::{legend, parse_bbox, public_points, required_indicator, zone_index, zone_layer};
use crate::legend::Legend;
use crate::points::PublicPoints;
use crate::render::map::{static_map, Focus, MapRequest};
use crate::render::{pdf, png, svg};
use crate::server::error::ApiError;
use crate::server::openapi::ErrorBody;
use crate::server::state::AppState;
use crate::territory::Territory;
use actix_web::{web, HttpResponse};
use serde::Deserialize;

/// The largest width or height served, in pixels (a 4K screen is 3840 wide).
pub const MAX_SIDE: u32 = 4096;
/// The smallest, below which the legend no longer fits.
pub const MIN_SIDE: u32 = 200;
/// The longest title, in characters.
const MAX_TITLE: usize = 200;

/// Query of a static map.
#[derive(Deserialize)]
pub struct MapQuery {
    indicator: Option<String>,
    bbox: Option<String>,
    zone: Option<String>,
    width: Option<String>,
    height: Option<String>,
    title: Option<String>,
    points: Option<String>,
    method: Option<String>,
    classes: Option<String>,
}

/// A static map of an indicator over a zone layer, as PNG, SVG or PDF.
#[utoipa::path(get, path = "/api/map/{file}", tag = "cartes", params(("file" = String, Path, description = "{couche}.png, {couche}.svg ou {couche}.pdf (une page 16:9, textes sélectionnables, police incorporée)"), ("indicator" = String, Query, description = "Indicateur représenté"), ("bbox" = Option<String>, Query, description = "Emprise ouest,sud,est,nord en degrés (par défaut\u{a0}: toute la couche)"), ("zone" = Option<String>, Query, description = "Code d’une zone de la couche\u{a0}: la carte est centrée sur elle et la souligne"), ("width" = Option<u32>, Query, description = "Largeur en pixels, 200 à 4096 (1600 par défaut)"), ("height" = Option<u32>, Query, description = "Hauteur en pixels, 200 à 4096 (900 par défaut)"), ("title" = Option<String>, Query, description = "Titre (par défaut\u{a0}: le libellé de l’indicateur)"), ("points" = Option<String>, Query, description = "Couches de points publiques à dessiner, séparées par des virgules, ou all"), ("method" = Option<String>, Query, description = "quantiles, jenks, equal_intervals"), ("classes" = Option<usize>, Query, description = "2 à 9")), responses((status = 200, description = "Carte PNG, SVG ou PDF", content(("image/png"), ("image/svg+xml"), ("application/pdf"))), (status = 400, description = "Paramètre invalide", body = ErrorBody, content_type = "application/json"), (status = 403, description = "Couche privée\u{a0}: jamais diffusée", body = ErrorBody, content_type = "application/json"), (status = 404, description = "Couche, indicateur ou zone inconnus (avec les valeurs valides)", body = ErrorBody, content_type = "application/json")))]
pub async fn static_map_file(
    state: web::Data<AppState>,
    file: web::Path<String>,
    query: web::Query<MapQuery>,
) -> Result<HttpResponse, ApiError> {
    let (layer, format) = file
        .rsplit_once('.')
        .filter(|(_, ext)| matches!(*ext, "png" | "svg" | "pdf"))
        .ok_or_else(|| {
            ApiError::bad("path", "attendu\u{a0}: /api/map/{couche}.png, .svg ou .pdf")
        })?;
    let (layer, format) = (layer.to_string(), format.to_string());
    let loaded = state.current();
    let parsed = parse(&loaded.territory, &layer, &query)?;
    let media = match format.as_str() {
        "svg" => "image/svg+xml",
        "pdf" => "application/pdf",
        _ => "image/png",
    };
    let body = web::block(move || {
        let t = &loaded.territory;
        let date = t.manifest.territory.vintage();
        let legend = loaded.legend(
            parsed.layer,
            &t.manifest.indicators[parsed.indicator].id,
            parsed.method,
            parsed.classes,
        );
        let points = parsed.public_points(t);
        let request = parsed.request(t, &legend, date.as_deref(), &points);
        let scene = static_map(t, &request);
        match format.as_str() {
            "svg" => Ok(svg::encode(&scene).into_bytes()),
            "pdf" => pdf::document(&[scene], request.title.unwrap_or(&request.indicator.label)),
            _ => png::encode(&scene),
        }
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok().content_type(media).body(body))
}

/// A map request checked against the territory.
struct Parsed {
    layer: usize,
    indicator: usize,
    method: crate::legend::Method,
    classes: usize,
    focus: Focus,
    size: [u32; 2],
    title: Option<String>,
    points: Vec<usize>,
}

impl Parsed {
    /// The picture's request; `points` from [`Parsed::public_points`].
    fn request<'a>(
        &'a self,
        t: &'a Territory,
        legend: &'a Legend,
        date: Option<&'a str>,
        points: &'a [PublicPoints<'a>],
    ) -> MapRequest<'a> {
        MapRequest {
            layer: self.layer,
            indicator: &t.manifest.indicators[self.indicator],
            legend,
            focus: self.focus,
            width: self.size[0],
            height: self.size[1],
            title: self.title.as_deref(),
            points,
            date,
            text_scale: None,
        }
    }

    /// The point layers asked for, as public layers (checked by type again:
    /// a private index cannot become a layer to draw).
    fn public_points<'a>(&self, t: &'a Territory) -> Vec<PublicPoints<'a>> {
        self.points
            .iter()
            .filter_map(|&p| PublicPoints::of(&t.points, p))
            .collect()
    }
}

fn parse(t: &Territory, layer: &str, q: &MapQuery) -> Result<Parsed, ApiError> {
    let (z, zones) = zone_layer(t, layer)?;
    let focus = match (q.bbox.as_deref(), q.zone.as_deref()) {
        (Some(_), Some(_)) => return Err(ApiError::bad("zone", "bbox ou zone, pas les deux")),
        (Some(b), None) => Focus::Bbox(parse_bbox(b)?),
        (None, Some(code)) => Focus::Zone(zone_index(zones, code)?),
        (None, None) => Focus::Layer,
    };
    let title = q.title.as_deref().map(str::trim).filter(|s| !s.is_empty());
    if title.is_some_and(|s| s.chars().count() > MAX_TITLE) {
        return Err(ApiError::bad(
            "title",
            format!("{MAX_TITLE} caractères au plus"),
        ));
    }
    Ok(Parsed {
        layer: z,
        indicator: required_indicator(t, q.indicator.as_deref())?.index,
        method: legend::method(q.method.as_deref())?,
        classes: legend::classes(q.classes.as_deref())?,
        focus,
        size: [
            side("width", q.width.as_deref(), 1600)?,
            side("height", q.height.as_deref(), 900)?,
        ],
        title: title.map(str::to_string),
        points: point_layers(t, q.points.as_deref())?,
    })
}

/// A width or height: `MIN_SIDE` to `MAX_SIDE` pixels.
fn side(name: &str, raw: Option<&str>, default: u32) -> Result<u32, ApiError> {
    let Some(raw) = raw else { return Ok(default) };
    let n: u32 = raw.parse().map_err(|_| {
        ApiError::bad(
            name,
            format!("«\u{a0}{raw}\u{a0}»\u{a0}: un nombre entier de pixels"),
        )
    })?;
    if !(MIN_SIDE..=MAX_SIDE).contains(&n) {
        return Err(ApiError::bad(
            name,
            format!("{n} pixels\u{a0}: de {MIN_SIDE} à {MAX_SIDE} au plus"),
        ));
    }
    Ok(n)
}

/// The point layers to draw: none by default, `all` for every public one;
/// a private layer is refused.
fn point_layers(t: &Territory, raw: Option<&str>) -> Result<Vec<usize>, ApiError> {
    match raw.map(str::trim) {
        None | Some("") => Ok(Vec::new()),
        Some("all") => Ok((0..t.points.len())
            .filter(|&p| !t.points[p].private)
            .collect()),
        Some(list) => list
            .split(',')
            .map(|id| public_points(t, id.trim()).map(|p| p.index()))
            .collect(),
    }
}
