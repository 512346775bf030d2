import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Kernel } from '@smartloket/core';

/** The map of the meldingen form: tiles, attribution and where it opens (decision 1500). */
export interface ReportMapConfig {
  /** XYZ template with `{z}`, `{x}`, `{y}`. */
  tileUrl: string;
  /** The only origin the CSP allows images from besides the portal's own. */
  tileOrigin: string;
  attribution: string;
  lat: number;
  lon: number;
  zoom: number;
}

/** The middle of the box around every position of a GeoJSON geometry (for where the map opens). */
function boxCentre(geojson: unknown): { lat: number; lon: number } | undefined {
  const lons: number[] = [];
  const lats: number[] = [];
  const walk = (v: unknown) => {
    if (!Array.isArray(v)) {
      if (v && typeof v === 'object') for (const x of Object.values(v)) walk(x);
      return;
    }
    if (v.length >= 2 && typeof v[0] === 'number' && typeof v[1] === 'number') {
      lons.push(v[0]);
      lats.push(v[1]);
      return;
    }
    for (const x of v) walk(x);
  };
  walk(geojson);
  if (lons.length === 0) return undefined;
  return {
    lon: (Math.min(...lons) + Math.max(...lons)) / 2,
    lat: (Math.min(...lats) + Math.max(...lats)) / 2,
  };
}

/**
 * The map settings of the enabled meldingen plugin (its options, validated at start), or
 * undefined when the plugin is not enabled.
 */
export function reportMapConfig(kernel: Kernel): ReportMapConfig | undefined {
  const plugin = kernel.plugins().find((p) => p.id === 'meldingen' && p.enabled);
  if (!plugin) return undefined;
  const options = plugin.options as {
    boundary?: unknown;
    map?: { tileUrl?: string; attribution?: string; centre?: { lat: number; lon: number }; zoom?: number };
  };
  const map = options.map;
  if (!map?.tileUrl) return undefined;
  const centre = map.centre ?? boxCentre(options.boundary);
  if (!centre) return undefined;
  const sample = map.tileUrl.replace('{z}', '0').replace('{x}', '0').replace('{y}', '0').replace('{s}', 'a');
  return {
    tileUrl: map.tileUrl,
    tileOrigin: new URL(sample).origin,
    attribution: map.attribution ?? '',
    lat: centre.lat,
    lon: centre.lon,
    zoom: map.zoom ?? 15,
  };
}

const require = createRequire(import.meta.url);

/** Leaflet's script and stylesheet, read once from the installed package. */
export function leafletAssets(): { js: string; css: string } {
  const js = readFileSync(require.resolve('leaflet/dist/leaflet.js'), 'utf8');
  const css = readFileSync(require.resolve('leaflet/dist/leaflet.css'), 'utf8');
  return { js, css };
}

/**
 * The map on the form (progressive: without it the address field and the `lat,lon` field work):
 * the map opens where the municipality is, a click or "Gebruik mijn locatie" puts the point and
 * writes it into the location field; a point already in the field is shown.
 */
export const REPORT_MAP_JS = `(function () {
  var box = document.getElementById('report-map');
  var input = document.querySelector('input[name="location"]');
  if (!box || !input || !window.L) return;
  var field = input.closest('.field') || input.parentNode;
  field.parentNode.insertBefore(box, field);
  box.hidden = false;
  var canvas = box.querySelector('.report-map-canvas');
  var map = L.map(canvas, { scrollWheelZoom: false }).setView([Number(box.dataset.lat), Number(box.dataset.lon)], Number(box.dataset.zoom));
  map.attributionControl.setPrefix('Leaflet');
  L.tileLayer(box.dataset.tiles, { maxZoom: 19, attribution: box.dataset.attribution }).addTo(map);
  var marker = null;
  function put(lat, lon, move) {
    if (marker) marker.setLatLng([lat, lon]);
    else marker = L.circleMarker([lat, lon], { radius: 9, color: '#1b4f72', weight: 3, fillColor: '#f2c500', fillOpacity: 0.9 }).addTo(map);
    if (move) map.setView([lat, lon], Math.max(map.getZoom(), 17));
  }
  function set(lat, lon, move) {
    input.value = lat.toFixed(6) + ',' + lon.toFixed(6);
    put(lat, lon, move);
    var status = box.querySelector('.report-map-status');
    if (status) status.textContent = box.dataset.placed;
  }
  var m = /^\\s*(-?\\d+(?:\\.\\d+)?)\\s*,\\s*(-?\\d+(?:\\.\\d+)?)\\s*$/.exec(input.value || '');
  if (m) put(Number(m[1]), Number(m[2]), true);
  map.on('click', function (e) { set(e.latlng.lat, e.latlng.lng, false); });
  var locate = box.querySelector('.report-map-locate');
  if (locate && navigator.geolocation) {
    locate.hidden = false;
    locate.addEventListener('click', function () {
      navigator.geolocation.getCurrentPosition(
        function (p) { set(p.coords.latitude, p.coords.longitude, true); },
        function () { var s = box.querySelector('.report-map-status'); if (s) s.textContent = box.dataset.nolocation; },
        { enableHighAccuracy: true, timeout: 15000 }
      );
    });
  }
})();
`;

/** The map's own styles (the page's CSP allows no inline styles). */
export const REPORT_MAP_CSS = `.report-map{margin:1rem 0}
.report-map-canvas{height:22rem;max-width:48rem;border:1px solid #8a94a0}
.report-map .hint{margin:.25rem 0}
.report-map-locate{margin:.5rem 0}
`;

/**
 * The back-office map of the reports (progressive: the list is the page): a marker per row of the
 * list with a popup linking to the report; "search in this area" submits the filters with the
 * map's view as the area.
 */
export const REPORTS_MAP_JS = `(function () {
  var box = document.getElementById('reports-map');
  if (!box || !window.L) return;
  box.hidden = false;
  var map = L.map(box.querySelector('.report-map-canvas'), { scrollWheelZoom: false })
    .setView([Number(box.dataset.lat), Number(box.dataset.lon)], Number(box.dataset.zoom));
  map.attributionControl.setPrefix('Leaflet');
  L.tileLayer(box.dataset.tiles, { maxZoom: 19, attribution: box.dataset.attribution }).addTo(map);
  var points = [];
  var rows = document.querySelectorAll('table.reports-list tbody tr');
  for (var i = 0; i < rows.length; i++) {
    var row = rows[i];
    var lat = Number(row.dataset.lat), lon = Number(row.dataset.lon);
    if (!isFinite(lat) || !isFinite(lon)) continue;
    var link = row.querySelector('a');
    var popup = document.createElement('div');
    var a = document.createElement('a');
    a.href = link.getAttribute('href');
    a.textContent = link.textContent;
    popup.appendChild(a);
    var cells = row.querySelectorAll('td');
    for (var j = 1; j < 4 && j < cells.length; j++) {
      var p = document.createElement('div');
      p.textContent = cells[j].textContent;
      popup.appendChild(p);
    }
    L.circleMarker([lat, lon], { radius: 8, color: '#1b4f72', weight: 2, fillColor: '#f2c500', fillOpacity: 0.9 })
      .bindPopup(popup)
      .addTo(map);
    points.push([lat, lon]);
  }
  var area = document.querySelector('#report-filters input[name="area"]');
  if (points.length > 0 && !(area && area.value)) map.fitBounds(points, { maxZoom: 17, padding: [24, 24] });
  if (area && area.value) {
    var b = area.value.split(',').map(Number);
    map.fitBounds([[b[0], b[1]], [b[2], b[3]]]);
  }
  var button = box.querySelector('.report-map-area');
  if (button && area) {
    button.addEventListener('click', function () {
      var v = map.getBounds();
      area.value = [v.getSouth(), v.getWest(), v.getNorth(), v.getEast()].map(function (n) { return n.toFixed(6); }).join(',');
      area.form.submit();
    });
  }
})();
`;

/** The request page of a report: picking a standard answer puts its text (reporter's language) in the answer field. */
export const REPORT_ANSWER_JS = `(function () {
  var pick = document.getElementById('standard-answer');
  var text = document.getElementById('resolve-reason');
  if (!pick || !text) return;
  pick.addEventListener('change', function () {
    var option = pick.options[pick.selectedIndex];
    if (option && option.dataset.text !== undefined) text.value = option.dataset.text;
  });
})();
`;
