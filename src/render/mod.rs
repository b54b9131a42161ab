//! Maps as pictures: raster tiles for web maps and static maps for slides.
//!
//! A picture is first a [`scene::Scene`] (shapes and text in pixels), then
//! written as PNG ([`png`], with `tiny-skia`), SVG ([`svg`]) or PDF
//! ([`pdf`], with `krilla`), so every format shows the same map. Text uses one embedded font ([`font`]).
//!
//! - [`view`]: Web Mercator to pixels;
//! - [`layers`]: zones (choropleth, context) and points in a view;
//! - [`tile`]: PNG tiles;
//! - [`chart`]: line charts of monthly series;
//! - [`clip`]: a scene cut to its size, to be placed inside another;
//! - [`map`]: static maps, with [`furniture`] (boxes, scale bar) and
//!   [`legend_panel`].

pub mod chart;
pub mod clip;
pub mod font;
pub mod furniture;
pub mod layers;
pub mod legend_panel;
pub mod map;
pub mod pdf;
pub mod png;
pub mod scene;
pub mod svg;
pub mod tile;
pub mod view;
