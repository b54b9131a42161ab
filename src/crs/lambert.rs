//! A fast path for the conic projections French data use: Lambert-93
//! (EPSG:2154) and the nine conic conformal zones CC42–CC50
//! (EPSG:3942–3950), all Lambert conformal conic with two standard parallels
//! on the GRS80 ellipsoid, whose datum (RGF93) equals WGS84 to the
//! centimetre, so no datum shift.
//!
//! Why not `proj4rs` for these: a national report converts millions of
//! vertices, and `proj4rs` took about 420 ns a point (the generic pipeline,
//! degrees ↔ radians, an iterative inverse latitude); these closed forms
//! take a few tens of nanoseconds. The inverse latitude uses the series of
//! the conformal latitude to e⁸ (Snyder, *Map Projections: A Working
//! Manual*, 1987, eq. 3-5), whose truncation error is below 0.1 mm.
//! `tests/crs_reference.rs` checks both directions against PROJ's own
//! figures on 11,800 points (`tests/fixtures/proj_lambert.csv`) to 1 mm.

use std::f64::consts::FRAC_PI_4;

/// GRS80 semi-major axis, metres.
const A: f64 = 6_378_137.0;
/// GRS80 flattening.
const F: f64 = 1.0 / 298.257_222_101;

/// A Lambert conformal conic projection with two standard parallels, with
/// its constants computed once.
#[derive(Debug, Clone, Copy)]
pub struct Lambert {
    /// First eccentricity.
    e: f64,
    /// Cone constant.
    n: f64,
    /// `a · F`, the scale of ρ.
    af: f64,
    /// ρ at the latitude of origin.
    rho0: f64,
    /// Central meridian, radians.
    lon0: f64,
    /// False easting and northing, metres.
    x0: f64,
    y0: f64,
    /// Coefficients of sin 2χ, 4χ, 6χ, 8χ in the inverse latitude series.
    series: [f64; 4],
}

impl Lambert {
    /// The projection of an EPSG code this module covers: 2154 and 3942–3950.
    pub fn from_epsg(code: u32) -> Option<Lambert> {
        match code {
            2154 => Some(Lambert::new(
                [44.0, 49.0],
                46.5,
                3.0,
                [700_000.0, 6_600_000.0],
            )),
            3942..=3950 => {
                let lat0 = f64::from(code - 3900);
                let y0 = 1_200_000.0 + 1_000_000.0 * f64::from(code - 3942);
                Some(Lambert::new(
                    [lat0 - 0.75, lat0 + 0.75],
                    lat0,
                    3.0,
                    [1_700_000.0, y0],
                ))
            }
            _ => None,
        }
    }

    /// The projection with standard parallels `parallels`, latitude of
    /// origin `lat0` and central meridian `lon0` (degrees), false easting
    /// and northing `[x0, y0]` (metres).
    pub fn new(parallels: [f64; 2], lat0: f64, lon0: f64, [x0, y0]: [f64; 2]) -> Lambert {
        let e2 = F * (2.0 - F);
        let e = e2.sqrt();
        let m = |phi: f64| phi.cos() / (1.0 - e2 * phi.sin().powi(2)).sqrt();
        let [p1, p2] = parallels.map(f64::to_radians);
        let n = (m(p1).ln() - m(p2).ln()) / (t(e, p1).ln() - t(e, p2).ln());
        let af = A * m(p1) / (n * t(e, p1).powf(n));
        let (e4, e6, e8) = (e2 * e2, e2 * e2 * e2, e2 * e2 * e2 * e2);
        Lambert {
            e,
            n,
            af,
            rho0: af * t(e, lat0.to_radians()).powf(n),
            lon0: lon0.to_radians(),
            x0,
            y0,
            series: [
                e2 / 2.0 + 5.0 * e4 / 24.0 + e6 / 12.0 + 13.0 * e8 / 360.0,
                7.0 * e4 / 48.0 + 29.0 * e6 / 240.0 + 811.0 * e8 / 11_520.0,
                7.0 * e6 / 120.0 + 81.0 * e8 / 1_120.0,
                4_279.0 * e8 / 161_280.0,
            ],
        }
    }

    /// Projected metres to (longitude, latitude) in degrees.
    pub fn to_lon_lat(&self, x: f64, y: f64) -> (f64, f64) {
        let dx = (x - self.x0) * self.n.signum();
        let dy = (self.rho0 - (y - self.y0)) * self.n.signum();
        // `sqrt` rather than `hypot`: no overflow is possible at these
        // magnitudes, and `hypot` costs several times more.
        let rho = (dx * dx + dy * dy).sqrt().copysign(self.n);
        let theta = dx.atan2(dy);
        let t = (rho / self.af).powf(1.0 / self.n);
        // The conformal latitude χ = π/2 − 2 atan t, and sin 2χ, cos 2χ from
        // t alone: sin χ = (1 − t²)/(1 + t²), cos χ = 2t/(1 + t²).
        let (sin_chi, cos_chi) = ((1.0 - t * t) / (1.0 + t * t), 2.0 * t / (1.0 + t * t));
        let chi = sin_chi.atan2(cos_chi);
        let (s, c) = (
            2.0 * sin_chi * cos_chi,
            cos_chi * cos_chi - sin_chi * sin_chi,
        );
        // sin 4χ, 6χ, 8χ from sin 2χ and cos 2χ (no more trigonometry).
        let (s4, c4) = (2.0 * s * c, c * c - s * s);
        let s6 = s4 * c + c4 * s;
        let s8 = 2.0 * s4 * c4;
        let [k2, k4, k6, k8] = self.series;
        let phi = chi + k2 * s + k4 * s4 + k6 * s6 + k8 * s8;
        ((theta / self.n + self.lon0).to_degrees(), phi.to_degrees())
    }

    /// (Longitude, latitude) in degrees to projected metres.
    pub fn from_lon_lat(&self, lon: f64, lat: f64) -> (f64, f64) {
        let rho = self.af * t(self.e, lat.to_radians()).powf(self.n);
        let (s, c) = (self.n * (lon.to_radians() - self.lon0)).sin_cos();
        (self.x0 + rho * s, self.y0 + self.rho0 - rho * c)
    }
}

/// Snyder's t(φ): tan(π/4 − φ/2) over ((1 − e sin φ)/(1 + e sin φ))^(e/2).
fn t(e: f64, phi: f64) -> f64 {
    let es = e * phi.sin();
    (FRAC_PI_4 - phi / 2.0).tan() / ((1.0 - es) / (1.0 + es)).powf(e / 2.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_origin_of_lambert_93_is_its_false_origin() {
        let l = Lambert::from_epsg(2154).unwrap();
        let (x, y) = l.from_lon_lat(3.0, 46.5);
        assert!((x - 700_000.0).abs() < 1e-6 && (y - 6_600_000.0).abs() < 1e-6);
        let (lon, lat) = l.to_lon_lat(700_000.0, 6_600_000.0);
        assert!((lon - 3.0).abs() < 1e-12 && (lat - 46.5).abs() < 1e-10);
    }

    #[test]
    fn round_trips_stay_within_a_tenth_of_a_millimetre() {
        for code in [2154, 3942, 3950] {
            let l = Lambert::from_epsg(code).unwrap();
            for (lon, lat) in [(-4.5, 48.4), (9.5, 42.0), (2.35, 48.85)] {
                let (x, y) = l.from_lon_lat(lon, lat);
                let (back_lon, back_lat) = l.to_lon_lat(x, y);
                let (bx, by) = l.from_lon_lat(back_lon, back_lat);
                assert!(
                    (bx - x).abs() < 1e-4 && (by - y).abs() < 1e-4,
                    "EPSG:{code}"
                );
            }
        }
    }
}
